namespace Recur.Training;

/// <summary>
/// Thrown by <c>Model.Fit</c> when a mini-batch's loss or gradient is NaN or infinite. Training stops before that
/// step is applied, so the model keeps the weights of the last good iteration.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for <paramref name="epoch"/> and <paramref name="iteration"/>.</summary>
    /// <param name="epoch">The epoch (from 1).</param>
    /// <param name="iteration">The iteration over the whole run (from 1) whose loss or gradient was not finite.</param>
    /// <param name="loss">The loss of that iteration.</param>
    /// <param name="detail">What was not finite, e.g. "loss" or "gradient of lstm.weight_ih_l0".</param>
    public TrainingDivergedException(int epoch, int iteration, double loss, string detail)
        : base($"Training diverged at epoch {epoch}, iteration {iteration}: the {detail} is not finite (loss {loss}). " +
               "The model keeps the weights of the last good iteration; try a lower learning rate or a gradient threshold.")
    {
        Epoch = epoch;
        Iteration = iteration;
        Loss = loss;
    }

    /// <summary>The epoch (from 1).</summary>
    public int Epoch { get; }

    /// <summary>The iteration over the whole run (from 1).</summary>
    public int Iteration { get; }

    /// <summary>The loss of that iteration (NaN or ±∞ when the loss diverged).</summary>
    public double Loss { get; }
}
