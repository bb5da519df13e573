namespace Recur.Kernels;

/// <summary>Which micro-kernel family <see cref="Gemm"/> runs.</summary>
internal enum GemmKernelLevel
{
    /// <summary>Plain scalar loops.</summary>
    Scalar = 0,

    /// <summary>Vector256 FMA kernels.</summary>
    Vector256 = 1,

    /// <summary>Vector512 FMA kernels.</summary>
    Vector512 = 2,
}
