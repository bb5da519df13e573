using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// Single-precision general matrix multiply: C = α·op(A)·op(B) + β·C, row-major.
/// Outputs come first, then inputs, then sizes.
/// </summary>
/// <remarks>
/// Blocked and packed (BLIS-style) with register-blocked Vector512 micro-kernels (Vector256 and scalar fallbacks).
/// Large products run on up to <see cref="Parallelism.MaxThreads"/> threads (long-lived workers, no allocation);
/// results are bit-identical whatever the thread count. Rows of C are summed in k order within blocks of 512.
/// </remarks>
public static unsafe class Gemm
{
    [ThreadStatic]
    private static GemmJob? t_job;

    [ThreadStatic]
    private static GemmPackJob? t_packJob;

    [ThreadStatic]
    private static GemmKernelLevel? t_levelOverride;

    /// <summary>The best micro-kernel family this machine accelerates.</summary>
    internal static GemmKernelLevel HardwareLevel { get; } =
        Vector512.IsHardwareAccelerated ? GemmKernelLevel.Vector512
        : Vector256.IsHardwareAccelerated ? GemmKernelLevel.Vector256
        : GemmKernelLevel.Scalar;

    /// <summary>
    /// The micro-kernel family used by calls made from this thread (workers follow the calling thread).
    /// Tests lower it to exercise the fallbacks; setting null restores <see cref="HardwareLevel"/>.
    /// </summary>
    internal static GemmKernelLevel? LevelOverride
    {
        get => t_levelOverride;
        set => t_levelOverride = value;
    }

    /// <summary>The micro-kernel family used by calls from this thread.</summary>
    internal static GemmKernelLevel Level => t_levelOverride ?? HardwareLevel;

    /// <summary>
    /// C (m, n) = α·op(A)·op(B) + β·C.
    /// op(A) is (m, k): A is stored (m, k) with row stride <paramref name="lda"/>, or (k, m) when transposed.
    /// op(B) is (k, n): B is stored (k, n) with row stride <paramref name="ldb"/>, or (n, k) when transposed.
    /// When β is 0, C is overwritten and its old contents are never read (NaN in C does not propagate).
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is smaller than its stored row,
    /// or a span is too short for its matrix (the exception names the argument).</exception>
    public static void Sgemm(
        Span<float> c, int ldc,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        int m, int n, int k,
        GemmTranspose transpose = GemmTranspose.NN,
        float alpha = 1f, float beta = 0f)
    {
        bool ta = transpose is GemmTranspose.TN or GemmTranspose.TT;
        bool tb = transpose is GemmTranspose.NT or GemmTranspose.TT;
        CheckSizes(m, n, k);
        CheckMatrix(a.Length, ta ? k : m, ta ? m : k, lda, nameof(a), nameof(lda));
        CheckMatrix(b.Length, tb ? n : k, tb ? k : n, ldb, nameof(b), nameof(ldb));
        CheckMatrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ScaleC(c, ldc, m, n, beta);
            return;
        }

        fixed (float* pc = c)
        fixed (float* pa = a)
        fixed (float* pb = b)
        {
            var g = new GemmArgs
            {
                C = pc, Ldc = ldc, A = pa, Lda = lda, TransA = ta, B = pb, Ldb = ldb, TransB = tb,
                M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                PackA = ta || m > GemmBlocking.ThinRows || k >= GemmBlocking.ThinMaxK,
            };
            Run(ref g, prepacked: false);
        }
    }

    /// <summary>Contiguous form: leading dimensions are the stored row lengths.</summary>
    public static void Sgemm(
        Span<float> c,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        int m, int n, int k,
        GemmTranspose transpose = GemmTranspose.NN,
        float alpha = 1f, float beta = 0f)
    {
        bool ta = transpose is GemmTranspose.TN or GemmTranspose.TT;
        bool tb = transpose is GemmTranspose.NT or GemmTranspose.TT;
        Sgemm(c, n, a, ta ? m : k, b, tb ? k : n, m, n, k, transpose, alpha, beta);
    }

    /// <summary>
    /// C (m, n) = α·A·B + β·C with B pre-packed (<see cref="PackedMatrix"/>, shape (k, n) = (b.K, b.N)).
    /// A is stored (m, k) row-major with row stride <paramref name="lda"/> (not transposed); thin products
    /// (m ≤ 64, k below 512) read A in place without packing it. When β is 0, C is never read.
    /// </summary>
    /// <exception cref="ArgumentException">m is negative, a leading dimension is smaller than its row,
    /// or a span is too short (the exception names the argument).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="b"/> is null.</exception>
    public static void Sgemm(
        Span<float> c, int ldc,
        ReadOnlySpan<float> a, int lda,
        PackedMatrix b,
        int m,
        float alpha = 1f, float beta = 0f)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = b.N;
        int k = b.K;
        CheckSizes(m, n, k);
        CheckMatrix(a.Length, m, k, lda, nameof(a), nameof(lda));
        CheckMatrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ScaleC(c, ldc, m, n, beta);
            return;
        }

        fixed (float* pc = c)
        fixed (float* pa = a)
        {
            var g = new GemmArgs
            {
                C = pc, Ldc = ldc, A = pa, Lda = lda, Packed = b.Data,
                M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                PackA = m > GemmBlocking.ThinRows || k >= GemmBlocking.ThinMaxK,
            };
            Run(ref g, prepacked: true);
            GC.KeepAlive(b);
        }
    }

    /// <summary>Contiguous form of the pre-packed product: A is (m, b.K) and C is (m, b.N), rows back to back.</summary>
    public static void Sgemm(Span<float> c, ReadOnlySpan<float> a, PackedMatrix b, int m, float alpha = 1f, float beta = 0f)
    {
        ArgumentNullException.ThrowIfNull(b);
        Sgemm(c, b.N, a, b.K, b, m, alpha, beta);
    }

    private static void Run(ref GemmArgs g, bool prepacked)
    {
        g.Level = Level;
        int threads = Parallelism.GemmThreads;
        double flops = 2.0 * g.M * g.N * g.K;
        int colUnits = (g.N + GemmBlocking.NR - 1) / GemmBlocking.NR;
        int rowUnits = (g.M + GemmBlocking.MR - 1) / GemmBlocking.MR;
        g.Parts = 1;
        if (threads > 1 && flops >= GemmBlocking.ParallelFlops && (colUnits >= 2 || rowUnits >= 2))
        {
            // Split the dimension whose split duplicates the least memory traffic: splitting columns makes every thread
            // pack all of A, splitting rows makes every thread pack (or, pre-packed, stream) all of B. A recurrent step
            // (M = 32, K = 1024, N = 4096, B pre-packed) split by rows streamed the 16 MiB B twice per step.
            bool rowsCheaper = g.M > g.N && (prepacked || g.PackA);
            g.SplitRows = rowUnits >= 2 && (colUnits < 2 || (rowsCheaper && rowUnits >= threads));
            g.Parts = Math.Min(threads, g.SplitRows ? rowUnits : colUnits);
            if (!g.PackA && !g.SplitRows)
            {
                // Thin products pack nothing per part, so cut them finer (parts of ≥ 128 columns) and let the
                // threads claim parts: on a busy machine the caller takes over what a late worker has not started.
                g.Parts = Math.Max(g.Parts, Math.Min(4 * threads, (g.N + 127) / 128));
            }
        }

        if (g.Parts == 1)
        {
            GemmDriver.RunPart(in g, 0);
            return;
        }

        if (!prepacked && g.PackA && rowUnits >= 2 * threads && flops >= GemmBlocking.SharedPackFlops
            && (long)g.K * colUnits * GemmBlocking.NR <= GemmBlocking.SharedPackMaxFloats)
        {
            // Large product: pack all of B once, in parallel, into a buffer the threads share, then split the
            // rows (each thread packs only its own A blocks). Column splits would pack A once per thread.
            GemmPackJob pack = t_packJob ??= new GemmPackJob();
            pack.Args = g;
            // Several parts per thread: parts are claimed, so on a busy machine the caller takes over the parts
            // a descheduled worker has not started (results do not depend on the number of parts).
            pack.Parts = Math.Min(4 * threads, colUnits);
            pack.Destination = GemmBuffers.Current.WholeB((long)g.K * colUnits * GemmBlocking.NR);
            ComputeWorkers.Run(pack, pack.Parts, threads);
            g.Packed = pack.Destination;
            g.SplitRows = true;
            g.Parts = Math.Max(threads, Math.Min(4 * threads, (g.M + GemmBlocking.MC - 1) / GemmBlocking.MC));
        }

        GemmJob job = t_job ??= new GemmJob();
        job.Args = g;
        ComputeWorkers.Run(job, g.Parts, threads);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleC(Span<float> c, int ldc, int m, int n, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }

    private static void CheckSizes(int m, int n, int k)
    {
        if (m < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), m, "Gemm.Sgemm: m (rows of C) must be at least 0.");
        }

        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "Gemm.Sgemm: n (columns of C) must be at least 0.");
        }

        if (k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "Gemm.Sgemm: k (the inner dimension) must be at least 0.");
        }
    }

    /// <summary>Checks that a rows×cols matrix with row stride ld fits in a span of the given length.</summary>
    internal static void CheckMatrix(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < cols)
        {
            throw new ArgumentException(
                $"Gemm.Sgemm: leading dimension '{ldName}' is {ld} but a stored row of '{name}' has {cols} elements; expected at least {cols}.",
                ldName);
        }

        long required = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < required)
        {
            throw new ArgumentException(
                $"Gemm.Sgemm: span '{name}' has length {length} but a {rows}×{cols} matrix with leading dimension {ld} needs at least {required}.",
                name);
        }
    }
}
