namespace Recur.Kernels;

/// <summary>
/// Which operands of <see cref="Gemm.Sgemm(Span{float}, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, int, int, int, GemmTranspose, float, float)"/>
/// are read transposed. The first letter is for A, the second for B: N = as stored, T = transposed.
/// </summary>
public enum GemmTranspose
{
    /// <summary>C = α·A·B + β·C; A is (m, k) row-major, B is (k, n).</summary>
    NN = 0,

    /// <summary>C = α·A·Bᵀ + β·C; A is (m, k), B is stored (n, k) (a PyTorch weight).</summary>
    NT = 1,

    /// <summary>C = α·Aᵀ·B + β·C; A is stored (k, m), B is (k, n) (weight gradients).</summary>
    TN = 2,

    /// <summary>C = α·Aᵀ·Bᵀ + β·C; A is stored (k, m), B is stored (n, k).</summary>
    TT = 3,
}
