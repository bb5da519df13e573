using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// An element-wise function y = f(x) at every width the <see cref="ElementwiseDriver"/> dispatches to. Implemented by
/// small readonly structs (one per kernel file) so that the generic driver is specialized and the calls inlined.
/// All three methods must give bit-identical results for the same input.
/// </summary>
internal interface IUnaryOperator
{
    /// <summary>f for one value (tails and non-SIMD hardware).</summary>
    static abstract float Invoke(float x);

    /// <summary>f for 8 lanes.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x);

    /// <summary>f for 16 lanes.</summary>
    static abstract Vector512<float> Invoke(Vector512<float> x);
}
