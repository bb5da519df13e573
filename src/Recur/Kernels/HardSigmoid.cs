using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>Hard sigmoid as in MATLAB and Keras: clamp(0.2·x + 0.5, 0, 1), computed with one FMA (≤ 0.5 ulp plus the 1.5e-8 representation error of 0.2f); the derivative is 0.2 inside (−2.5, 2.5), 0 outside. NaN propagates. Element-wise, y may alias x. Backward accumulates: dx += (|x| &lt; 2.5 ? 0.2·dy : 0), a select.</summary>
public static class HardSigmoid
{
    /// <summary>y[i] = clamp(0.2·x[i] + 0.5, 0, 1).</summary>
    /// <param name="y">Output, same length as <paramref name="x"/>; may be the same span as x (in place).</param>
    /// <param name="x">Input.</param>
    /// <exception cref="ArgumentException">The lengths differ (the exception names the span).</exception>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        Guard.SameLength(nameof(y), y.Length, nameof(x), x.Length);
        ElementwiseDriver.Unary<ForwardOperator>(y, x);
    }

    /// <summary>dx[i] += −2.5 &lt; x[i] &lt; 2.5 ? 0.2·dy[i] : 0 (y is not read but must have dx's length).</summary>
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
        public static float Invoke(float x) => VectorMath.ClampKeepNaN(MathF.FusedMultiplyAdd(x, 0.2f, 0.5f), 0f, 1f);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x) => VectorMath.ClampKeepNaN(Vector256.FusedMultiplyAdd(x, Vector256.Create(0.2f), Vector256.Create(0.5f)), Vector256<float>.Zero, Vector256<float>.One);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x) => VectorMath.ClampKeepNaN(Vector512.FusedMultiplyAdd(x, Vector512.Create(0.2f), Vector512.Create(0.5f)), Vector512<float>.Zero, Vector512<float>.One);
    }

    private readonly struct BackwardOperator : IBackwardOperator
    {
        public static bool ReadsInput => true;

        public static bool ReadsOutput => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x, float y, float dy, float dx) => x > -2.5f && x < 2.5f ? MathF.FusedMultiplyAdd(dy, 0.2f, dx) : dx;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy, Vector256<float> dx) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(-2.5f)) & Vector256.LessThan(x, Vector256.Create(2.5f)), Vector256.FusedMultiplyAdd(dy, Vector256.Create(0.2f), dx), dx);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy, Vector512<float> dx) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(-2.5f)) & Vector512.LessThan(x, Vector512.Create(2.5f)), Vector512.FusedMultiplyAdd(dy, Vector512.Create(0.2f), dx), dx);
    }
}
