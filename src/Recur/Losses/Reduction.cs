namespace Recur.Losses;

/// <summary>How a loss combines its per-element (or per-sample) values. PyTorch's <c>reduction</c> argument.</summary>
public enum Reduction
{
    /// <summary>The mean (a scalar of shape ()); the default of every loss.</summary>
    Mean,

    /// <summary>The sum (a scalar of shape ()).</summary>
    Sum,

    /// <summary>No reduction: one value per element (per sample for cross-entropy).</summary>
    None,
}
