namespace Recur.Kernels;

/// <summary>
/// Plain scalar twin of <see cref="Gemm"/>: the reference the optimized kernel is tested against.
/// Same arguments and semantics; accumulates each dot product in float, in k order.
/// </summary>
public static class GemmReference
{
    /// <inheritdoc cref="Gemm.Sgemm(Span{float}, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, int, int, int, GemmTranspose, float, float)"/>
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
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = ta ? a[p * lda + i] : a[i * lda + p];
                    float bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }

                ref float cv = ref c[i * ldc + j];
                cv = beta == 0f ? alpha * sum : alpha * sum + beta * cv;
            }
        }
    }
}
