namespace Recur.Kernels;

/// <summary>Row-wise softmax over the last axis of a (rows, cols) block. Backward accumulates.</summary>
public static class Softmax
{
    /// <summary>y[r, :] = exp(x[r, :] − max) / Σ exp(x[r, :] − max). y may alias x.</summary>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x, int rows, int cols)
    {
        Guard.SameLength(nameof(y), y.Length, nameof(x), x.Length);
        Guard.AtLeast(nameof(x), x.Length, rows * cols);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * cols, cols);
            Span<float> yr = y.Slice(r * cols, cols);
            float max = float.NegativeInfinity;
            for (int j = 0; j < cols; j++) max = MathF.Max(max, xr[j]);
            float sum = 0f;
            for (int j = 0; j < cols; j++) { float e = MathF.Exp(xr[j] - max); yr[j] = e; sum += e; }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) yr[j] *= inv;
        }
    }

    /// <summary>dx[r, j] += y[r, j]·(dy[r, j] − Σ_k dy[r, k]·y[r, k]).</summary>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, int rows, int cols)
    {
        Guard.AtLeast(nameof(dx), dx.Length, rows * cols);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> yr = y.Slice(r * cols, cols);
            ReadOnlySpan<float> dyr = dy.Slice(r * cols, cols);
            Span<float> dxr = dx.Slice(r * cols, cols);
            float dot = 0f;
            for (int j = 0; j < cols; j++) dot += dyr[j] * yr[j];
            for (int j = 0; j < cols; j++) dxr[j] += yr[j] * (dyr[j] - dot);
        }
    }
}
