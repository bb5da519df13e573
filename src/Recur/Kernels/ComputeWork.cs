namespace Recur.Kernels;

/// <summary>
/// A unit of fork/join work for <see cref="ComputeWorkers"/>: parts 0..n−1 are claimed one at a time by the
/// participating threads. Each part must give the same result whichever thread runs it.
/// </summary>
internal abstract class ComputeWork
{
    /// <summary>Runs part <paramref name="part"/>.</summary>
    public abstract void Execute(int part);
}
