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

    [ThreadStatic]
    private static int t_serialDepth;

    /// <summary>The threads a GEMM started on this thread may use: <see cref="MaxThreads"/>, or 1 inside <see cref="Serial"/>.</summary>
    internal static int GemmThreads => t_serialDepth > 0 ? 1 : s_maxThreads;

    /// <summary>
    /// When <paramref name="serial"/> is true, until the returned scope is disposed, GEMMs started on this thread run on
    /// it alone (a loop of small steps whose products would otherwise fork and join once per step).
    /// </summary>
    internal static SerialScope Serial(bool serial)
    {
        if (serial)
        {
            t_serialDepth++;
        }

        return new SerialScope(serial);
    }

    /// <summary>Ends a <see cref="Serial"/> section.</summary>
    internal readonly struct SerialScope(bool active) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose()
        {
            if (active)
            {
                t_serialDepth--;
            }
        }
    }
}
