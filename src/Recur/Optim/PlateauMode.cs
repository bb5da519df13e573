namespace Recur.Optim;

/// <summary>Whether <see cref="ReduceLrOnPlateau"/> watches a metric that should fall or rise.</summary>
public enum PlateauMode
{
    /// <summary>Lower is better (a loss); the default.</summary>
    Min,

    /// <summary>Higher is better (an accuracy).</summary>
    Max,
}
