using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>Softsign x / (1 + |x|) (≤ 1.2e-7 relative error; softsign(±∞) = ±1, NaN propagates). Element-wise, y may alias x. Backward accumulates: dx += dy / (1 + |x|)².</summary>
public static class Softsign
{
    /// <summary>y[i] = x[i] / (1 + |x[i]|).</summary>
    /// <param name="y">Output, same length as <paramref name="x"/>; may be the same span as x (in place).</param>
    /// <param name="x">Input.</param>
    /// <exception cref="ArgumentException">The lengths differ (the exception names the span).</exception>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        Guard.SameLength(nameof(y), y.Length, nameof(x), x.Length);
        ElementwiseDriver.Unary<ForwardOperator>(y, x);
    }

    /// <summary>dx[i] += dy[i] / (1 + |x[i]|)² (y is not read but must have dx's length).</summary>
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
        public static float Invoke(float x) => float.IsInfinity(x) ? MathF.CopySign(1f, x) : x / (1f + MathF.Abs(x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.Equals(Vector256.Abs(x), Vector256.Create(float.PositiveInfinity)), Vector256.ConditionalSelect(Vector256.Create(-0f), x, Vector256<float>.One), x / (Vector256<float>.One + Vector256.Abs(x)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.Equals(Vector512.Abs(x), Vector512.Create(float.PositiveInfinity)), Vector512.ConditionalSelect(Vector512.Create(-0f), x, Vector512<float>.One), x / (Vector512<float>.One + Vector512.Abs(x)));
    }

    private readonly struct BackwardOperator : IBackwardOperator
    {
        public static bool ReadsInput => true;

        public static bool ReadsOutput => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x, float y, float dy, float dx) => dx + (dy / ((1f + MathF.Abs(x)) * (1f + MathF.Abs(x))));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy, Vector256<float> dx) => dx + (dy / ((Vector256<float>.One + Vector256.Abs(x)) * (Vector256<float>.One + Vector256.Abs(x))));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy, Vector512<float> dx) => dx + (dy / ((Vector512<float>.One + Vector512.Abs(x)) * (Vector512<float>.One + Vector512.Abs(x))));
    }
}
