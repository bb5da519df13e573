namespace Recur.Data;

/// <summary>What a loader does with an empty cell in a numeric column it uses.</summary>
public enum MissingValuePolicy
{
    /// <summary>An empty cell is a <see cref="DataException"/> naming its line and column (the default).</summary>
    Error,

    /// <summary>
    /// An empty cell takes the last value above it (in the same series or sequence). Leading empty cells, which have
    /// nothing above them, take the first value below them.
    /// </summary>
    Forward,

    /// <summary>
    /// An empty cell is interpolated linearly between the nearest values above and below it (by row position).
    /// Leading and trailing empty cells take the nearest value.
    /// </summary>
    Linear,

    /// <summary>An empty cell becomes 0.</summary>
    Zero,
}
