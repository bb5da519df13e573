namespace Recur.Kernels;

/// <summary>
/// Row-wise softmax over the last axis of a (rows, cols) block, vectorized: y = e^(x − max) / Σ e^(x − max), with the
/// exp of <see cref="VectorMath"/> (≤ 7.4e-8 relative) and a vector-lane sum; a result is within about 3e-7 relative
/// of the exact value for rows up to a few hundred columns. Large inputs cannot overflow (the row max is subtracted).
/// A row holding NaN or +∞ gives NaN, as in PyTorch. Backward accumulates.
/// </summary>
public static class Softmax
{
    /// <summary>y[r, :] = exp(x[r, :] − max) / Σ exp(x[r, :] − max) for the first rows·cols elements.</summary>
    /// <param name="y">Output (rows, cols), as long as x; may be the same span as x (in place).</param>
    /// <param name="x">Input (rows, cols), at least rows·cols long.</param>
    /// <param name="rows">Number of rows, ≥ 0.</param>
    /// <param name="cols">Number of columns (the softmax axis), ≥ 0.</param>
    /// <exception cref="ArgumentException">A span is too short or y and x differ in length (names the span), or rows or cols is negative.</exception>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x, int rows, int cols)
    {
        int size = Guard.BlockSize(rows, cols);
        Guard.SameLength(nameof(y), y.Length, nameof(x), x.Length);
        Guard.AtLeast(nameof(x), x.Length, size);
        for (int r = 0; r < rows && cols > 0; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * cols, cols);
            Span<float> yr = y.Slice(r * cols, cols);
            float max = ElementwiseDriver.Max(xr);
            float sum = ElementwiseDriver.SumExpShifted(yr, xr, max, store: true);
            ElementwiseDriver.MultiplyAdd(yr, yr, 1f / sum, 0f);
        }
    }

    /// <summary>dx[r, j] += y[r, j]·(dy[r, j] − Σ_k dy[r, k]·y[r, k]), with y the forward output.</summary>
    /// <param name="dx">Gradient w.r.t. the input (rows, cols), accumulated into.</param>
    /// <param name="y">The forward output (rows, cols).</param>
    /// <param name="dy">Gradient w.r.t. the output (rows, cols).</param>
    /// <param name="rows">Number of rows, ≥ 0.</param>
    /// <param name="cols">Number of columns, ≥ 0.</param>
    /// <exception cref="ArgumentException">A span is shorter than rows·cols (names the span), or rows or cols is negative.</exception>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, int rows, int cols)
    {
        int size = Guard.BlockSize(rows, cols);
        Guard.AtLeast(nameof(dx), dx.Length, size);
        Guard.AtLeast(nameof(y), y.Length, size);
        Guard.AtLeast(nameof(dy), dy.Length, size);
        for (int r = 0; r < rows && cols > 0; r++)
        {
            ReadOnlySpan<float> yr = y.Slice(r * cols, cols);
            ReadOnlySpan<float> dyr = dy.Slice(r * cols, cols);
            float dot = ElementwiseDriver.Dot(dyr, yr);
            ElementwiseDriver.SoftmaxBackwardRow(dx.Slice(r * cols, cols), yr, dyr, dot);
        }
    }
}
