using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>Rectified linear unit max(x, 0) (exact; relu(−0) = +0, NaN propagates as in PyTorch); the derivative at 0 is 0 (PyTorch). Element-wise, y may alias x. Backward accumulates: dx += (x &gt; 0 ? dy : 0), a select, so a NaN or ∞ in dy does not leak where x ≤ 0.</summary>
public static class Relu
{
    /// <summary>y[i] = max(x[i], 0).</summary>
    /// <param name="y">Output, same length as <paramref name="x"/>; may be the same span as x (in place).</param>
    /// <param name="x">Input.</param>
    /// <exception cref="ArgumentException">The lengths differ (the exception names the span).</exception>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        Guard.SameLength(nameof(y), y.Length, nameof(x), x.Length);
        ElementwiseDriver.Unary<ForwardOperator>(y, x);
    }

    /// <summary>dx[i] += x[i] &gt; 0 ? dy[i] : 0 (y is not read but must have dx's length).</summary>
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
        public static float Invoke(float x) => x <= 0f ? 0f : x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256<float>.Zero), Vector256<float>.Zero, x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.Zero, x);
    }

    private readonly struct BackwardOperator : IBackwardOperator
    {
        public static bool ReadsInput => true;

        public static bool ReadsOutput => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x, float y, float dy, float dx) => x > 0f ? dx + dy : dx;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy, Vector256<float> dx) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), dx + dy, dx);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy, Vector512<float> dx) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), dx + dy, dx);
    }
}
