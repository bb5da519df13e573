using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>Natural exponential e^x, vectorized (see <see cref="VectorMath"/>): ≤ 7.4e-8 relative error for results in the normal range; overflows to +∞ above 88.72 as float must; e^(−∞) = 0, NaN propagates. Element-wise, y may alias x. Backward accumulates: dx += dy · y.</summary>
public static class Exp
{
    /// <summary>y[i] = e^x[i].</summary>
    /// <param name="y">Output, same length as <paramref name="x"/>; may be the same span as x (in place).</param>
    /// <param name="x">Input.</param>
    /// <exception cref="ArgumentException">The lengths differ (the exception names the span).</exception>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        Guard.SameLength(nameof(y), y.Length, nameof(x), x.Length);
        ElementwiseDriver.Unary<ForwardOperator>(y, x);
    }

    /// <summary>dx[i] += dy[i] · y[i], with y the forward output (x is not read but must have dx's length).</summary>
    /// <param name="dx">Gradient w.r.t. the input, accumulated into.</param>
    /// <param name="x">The forward input.</param>
    /// <param name="y">The forward output.</param>
    /// <param name="dy">Gradient w.r.t. the output.</param>
    /// <exception cref="ArgumentException">x, y or dy is not as long as dx (the exception names the span).</exception>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy)
    {
        Guard.ElementwiseBackward(dx.Length, x.Length, y.Length, dy.Length);
        ElementwiseDriver.Backward<BackwardOperator>(dx, x, y, dy);
    }

    private readonly struct ForwardOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x) => VectorMath.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x) => VectorMath.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x) => VectorMath.Exp(x);
    }

    private readonly struct BackwardOperator : IBackwardOperator
    {
        public static bool ReadsInput => false;

        public static bool ReadsOutput => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x, float y, float dy, float dx) => MathF.FusedMultiplyAdd(dy, y, dx);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy, Vector256<float> dx) => Vector256.FusedMultiplyAdd(dy, y, dx);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy, Vector512<float> dx) => Vector512.FusedMultiplyAdd(dy, y, dx);
    }
}
