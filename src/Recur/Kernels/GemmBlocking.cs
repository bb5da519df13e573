namespace Recur.Kernels;

/// <summary>
/// Blocking constants of the packed SGEMM. Results depend on <see cref="KC"/> (the k-blocking fixes the
/// summation order of every C element), never on the thread count or on <see cref="MC"/>/<see cref="NC"/>.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>Micro-tile rows of packed A panels.</summary>
    public const int MR = 8;

    /// <summary>Micro-tile columns: the width of a packed B panel.</summary>
    public const int NR = 32;

    /// <summary>Depth of a k block (A and B panels are KC deep).</summary>
    public const int KC = 512;

    /// <summary>Rows of an A block packed at once (L2-resident: MC·KC floats).</summary>
    public const int MC = 128;

    /// <summary>Columns of a B block packed at once (L3-resident: KC·NC floats per thread).</summary>
    public const int NC = 2048;

    /// <summary>Products with at most this many rows read A in place (no packing) when A is not transposed.</summary>
    public const int ThinRows = 64;

    /// <summary>
    /// From this depth on, thin products pack A anyway: with long rows the in-place kernel's strided A streams
    /// (row strides of 2–4 KiB alias in L1) cost more than packing (64×1024×4096: 6.0 vs 7.1 ms, one core busy).
    /// </summary>
    public const int ThinMaxK = 512;

    /// <summary>Parallel products (with packed A) from this many flops pack B once into a buffer the threads share.</summary>
    public const double SharedPackFlops = 20_000_000;

    /// <summary>Largest whole packed B (floats, 256 MiB) shared by the threads; larger products split columns instead.</summary>
    public const long SharedPackMaxFloats = 1L << 26;

    /// <summary>Products below this many flops (2·m·n·k) run on the calling thread only.</summary>
    public const double ParallelFlops = 300_000;
}
