namespace Recur.Kernels;

/// <summary>
/// Process-wide limit on the number of compute threads the kernels may use.
/// Default: <see cref="Environment.ProcessorCount"/>. Results never depend on this value
/// (reductions are split into fixed chunks and combined in a fixed order).
/// </summary>
public static class Parallelism
{
    private static int s_maxThreads = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The most compute threads a kernel may use; at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Parallelism.MaxThreads must be at least 1.");
            }

            s_maxThreads = value;
        }
    }
}
