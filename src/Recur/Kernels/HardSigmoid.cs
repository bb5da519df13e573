namespace Recur.Kernels;

/// <summary>Hard sigmoid as in MATLAB and Keras: clamp(0.2·x + 0.5, 0, 1); the derivative is 0.2 inside (−2.5, 2.5), 0 outside. Element-wise, y may alias x. Backward accumulates: dx += dy · f'(…).</summary>
public static class HardSigmoid
{
    /// <summary>y[i] = f(x[i]). Spans must have equal length.</summary>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        Guard.SameLength(nameof(y), y.Length, nameof(x), x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            y[i] = Math.Clamp(0.2f * v + 0.5f, 0f, 1f);
        }
    }

    /// <summary>dx[i] += dy[i] · f'(x[i]), written in terms of the forward input x and output y.</summary>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy)
    {
        Guard.SameLength(nameof(dx), dx.Length, nameof(dy), dy.Length);
        for (int i = 0; i < dy.Length; i++)
        {
            float v = x[i];
            float o = y[i];
            dx[i] += dy[i] * (v > -2.5f && v < 2.5f ? 0.2f : 0f);
        }
    }
}
