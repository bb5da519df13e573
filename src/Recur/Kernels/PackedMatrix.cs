namespace Recur.Kernels;

/// <summary>
/// The right-hand operand B (k, n) of a GEMM, packed once into the micro-kernel's panel layout so that repeated
/// products with it (the recurrent step multiplies by the same weight at every time step) skip the packing.
/// Layout: k blocks of <c>KC</c> rows; inside a block, panels of 32 columns, each stored row by row
/// (columns past n zero-filled). Use with
/// <see cref="Gemm.Sgemm(Span{float}, int, ReadOnlySpan{float}, int, PackedMatrix, int, float, float)"/>.
/// The packed storage is pinned; <see cref="Pack"/> refills it in place without allocating.
/// </summary>
public sealed unsafe class PackedMatrix
{
    private readonly float[] _storage;
    private readonly float* _data;

    /// <summary>Creates an empty (all-zero) packed B of logical shape (<paramref name="k"/>, <paramref name="n"/>).</summary>
    /// <param name="k">Rows of B (the inner dimension of the product); at least 0.</param>
    /// <param name="n">Columns of B (the columns of C); at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public PackedMatrix(int k, int n)
    {
        if (k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "PackedMatrix: k (rows of B) must be at least 0.");
        }

        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "PackedMatrix: n (columns of B) must be at least 0.");
        }

        K = k;
        N = n;
        long length = (long)k * PaddedN(n);
        if (length > int.MaxValue - 64)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"PackedMatrix: {k}×{n} is too large to pack.");
        }

        _data = GemmBuffers.Allocate((int)length, out _storage);
        new Span<float>(_data, (int)length).Clear();
    }

    /// <summary>Rows of B: the inner dimension k of the products.</summary>
    public int K { get; }

    /// <summary>Columns of B: the columns n of C.</summary>
    public int N { get; }

    internal float* Data => _data;

    /// <summary>
    /// Packs B (<paramref name="k"/>, <paramref name="n"/>) stored row-major with row stride <paramref name="ldb"/>,
    /// or, when <paramref name="transposed"/>, stored (n, k) with row stride ldb (a PyTorch weight W (n, k) used as Wᵀ).
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, ldb is smaller than a stored row, or the span is too short.</exception>
    public static PackedMatrix Create(ReadOnlySpan<float> b, int ldb, int k, int n, bool transposed = false)
    {
        var packed = new PackedMatrix(k, n);
        packed.Pack(b, ldb, transposed);
        return packed;
    }

    /// <summary>
    /// Packs a weight W stored (n, k) row-major (PyTorch's (out_features, in_features)) as B = Wᵀ (k, n),
    /// so that C = A·Wᵀ.
    /// </summary>
    public static PackedMatrix FromWeight(ReadOnlySpan<float> weight, int n, int k)
        => Create(weight, k, k, n, transposed: true);

    /// <summary>
    /// Re-packs this matrix in place from new values of the same shape (no allocation): B (K, N) with row stride
    /// <paramref name="ldb"/>, or stored (N, K) when <paramref name="transposed"/>.
    /// </summary>
    /// <exception cref="ArgumentException">ldb is smaller than a stored row or the span is too short.</exception>
    public void Pack(ReadOnlySpan<float> b, int ldb, bool transposed = false)
    {
        int rows = transposed ? N : K;
        int cols = transposed ? K : N;
        Gemm.CheckMatrix(b.Length, rows, cols, ldb, nameof(b), nameof(ldb));
        if (K == 0 || N == 0)
        {
            return;
        }

        nint npad = PaddedN(N);
        fixed (float* pb = b)
        {
            for (int pc = 0; pc < K; pc += GemmBlocking.KC)
            {
                int kc = Math.Min(GemmBlocking.KC, K - pc);
                GemmDriver.PackB(_data + (pc * npad), pb, ldb, transposed, pc, kc, 0, N);
            }
        }
    }

    /// <summary>Re-packs in place from a weight W stored (N, K) row-major (B = Wᵀ); no allocation.</summary>
    public void PackWeight(ReadOnlySpan<float> weight) => Pack(weight, K, transposed: true);

    private static int PaddedN(int n) => (n + GemmBlocking.NR - 1) / GemmBlocking.NR * GemmBlocking.NR;
}
