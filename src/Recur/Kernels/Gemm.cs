namespace Recur.Kernels;

/// <summary>
/// Single-precision general matrix multiply: C = α·op(A)·op(B) + β·C, row-major.
/// Outputs come first, then inputs, then sizes.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// C (m, n) = α·op(A)·op(B) + β·C.
    /// op(A) is (m, k): A is stored (m, k) with row stride <paramref name="lda"/>, or (k, m) when transposed.
    /// op(B) is (k, n): B is stored (k, n) with row stride <paramref name="ldb"/>, or (n, k) when transposed.
    /// When β is 0, C is overwritten and its old contents are never read (NaN in C does not propagate).
    /// </summary>
    public static void Sgemm(
        Span<float> c, int ldc,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        int m, int n, int k,
        GemmTranspose transpose = GemmTranspose.NN,
        float alpha = 1f, float beta = 0f)
    {
        GemmReference.Sgemm(c, ldc, a, lda, b, ldb, m, n, k, transpose, alpha, beta);
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
}
