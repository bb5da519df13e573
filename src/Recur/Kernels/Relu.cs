namespace Recur.Kernels;

/// <summary>Rectified linear unit max(x, 0); the derivative at 0 is 0 (PyTorch). Element-wise, y may alias x. Backward accumulates: dx += dy · f'(…).</summary>
public static class Relu
{
    /// <summary>y[i] = f(x[i]). Spans must have equal length.</summary>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        Guard.SameLength(nameof(y), y.Length, nameof(x), x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            y[i] = v > 0f ? v : 0f;
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
            dx[i] += dy[i] * (v > 0f ? 1f : 0f);
        }
    }
}
