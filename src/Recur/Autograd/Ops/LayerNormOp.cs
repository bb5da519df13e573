using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>
/// Layer normalization over the last axis, fused: for each row x (F values),
/// y = (x − mean(x)) / √(var(x) + ε) ⊙ w + b with the biased variance (PyTorch's <c>nn.LayerNorm</c>).
/// Rows are grouped as (B, T) when lengths are given: rows at padded steps (t ≥ lengths[b]) give zeros and get no
/// gradient, so padding never reaches a valid result. Backward (x̂ = normalized row, g = dy ⊙ w):
/// dx += rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂)), dw += Σ dy ⊙ x̂, db += Σ dy.
/// </summary>
internal sealed class LayerNormOp : Function
{
    private Tensor _x = null!;
    private Tensor? _weight;
    private float[] _mean = [];
    private float[] _rstd = [];
    private int _features;
    private int _time;
    private int[]? _lengths;
    private bool _hasBias;

    /// <summary>
    /// x (rows, F) viewed row-major over its last axis; weight and bias (F) or null; rows grouped (B, <paramref name="time"/>)
    /// for <paramref name="lengths"/> (null: every row is valid). Shapes are checked by the caller.
    /// </summary>
    public static Tensor Forward(Tensor x, Tensor? weight, Tensor? bias, float epsilon, int[]? lengths, int time)
    {
        int f = x.Dims[^1];
        int rows = f == 0 ? 0 : x.Length / f;
        var y = new float[x.Length];
        var mean = new float[rows];
        var rstd = new float[rows];
        ReadOnlySpan<float> xs = x.AsReadOnlySpan();
        ReadOnlySpan<float> w = weight is null ? default : weight.AsReadOnlySpan();
        ReadOnlySpan<float> bs = bias is null ? default : bias.AsReadOnlySpan();
        for (int r = 0; r < rows; r++)
        {
            if (!IsValid(r, lengths, time))
            {
                continue;
            }

            ReadOnlySpan<float> row = xs.Slice(r * f, f);
            Span<float> yr = y.AsSpan(r * f, f);
            float m = TensorPrimitives.Sum(row) / f;
            TensorPrimitives.Subtract(row, m, yr);
            float variance = TensorPrimitives.SumOfSquares(yr) / f;
            float s = 1f / MathF.Sqrt(variance + epsilon);
            TensorPrimitives.Multiply(yr, s, yr);
            if (weight is not null)
            {
                TensorPrimitives.Multiply(yr, w, yr);
            }

            if (bias is not null)
            {
                TensorPrimitives.Add(yr, bs, yr);
            }

            mean[r] = m;
            rstd[r] = s;
        }

        Tensor result = Tensor.Wrap(y, x.Shape);
        var op = new LayerNormOp();
        Tensor[] inputs = (weight, bias) switch
        {
            (null, null) => [x],
            (not null, null) => [x, weight],
            (not null, not null) => [x, weight, bias],
            _ => throw new ArgumentException("LayerNorm: a bias needs a weight.", nameof(bias)),
        };
        if (op.TryRecord(inputs, result))
        {
            op._x = x;
            op._weight = weight;
            op._hasBias = bias is not null;
            op._mean = mean;
            op._rstd = rstd;
            op._features = f;
            op._time = time;
            op._lengths = lengths is null ? null : (int[])lengths.Clone();
        }

        return result;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        int f = _features;
        if (f == 0)
        {
            return;
        }

        ReadOnlySpan<float> dy = context.OutputGrad();
        ReadOnlySpan<float> xs = _x.AsReadOnlySpan();
        bool needX = context.NeedsInputGrad(0);
        bool needW = _weight is not null && context.NeedsInputGrad(1);
        bool needB = _hasBias && context.NeedsInputGrad(2);
        Span<float> dx = needX ? context.InputGrad(0) : default;
        Span<float> dw = needW ? context.InputGrad(1) : default;
        Span<float> db = needB ? context.InputGrad(2) : default;
        ReadOnlySpan<float> w = _weight is null ? default : _weight.AsReadOnlySpan();
        var xhat = new float[f];
        var g = new float[f];
        int rows = _mean.Length;
        for (int r = 0; r < rows; r++)
        {
            if (!IsValid(r, _lengths, _time))
            {
                continue;
            }

            ReadOnlySpan<float> dyr = dy.Slice(r * f, f);
            TensorPrimitives.Subtract(xs.Slice(r * f, f), _mean[r], xhat);
            TensorPrimitives.Multiply(xhat, _rstd[r], xhat);
            if (needW)
            {
                TensorPrimitives.MultiplyAdd(dyr, xhat, dw, dw);
            }

            if (needB)
            {
                TensorPrimitives.Add(db, dyr, db);
            }

            if (!needX)
            {
                continue;
            }

            if (_weight is not null)
            {
                TensorPrimitives.Multiply(dyr, w, g);
            }
            else
            {
                dyr.CopyTo(g);
            }

            float meanG = TensorPrimitives.Sum(g) / f;
            float meanGx = TensorPrimitives.Dot(g, xhat) / f;
            // g ← g − x̂·mean(g⊙x̂) − mean(g); dx += rstd·g
            TensorPrimitives.MultiplyAdd(xhat, -meanGx, g, g);
            TensorPrimitives.Subtract(g, meanG, g);
            Span<float> dxr = dx.Slice(r * f, f);
            TensorPrimitives.MultiplyAdd(g, _rstd[r], dxr, dxr);
        }
    }

    private static bool IsValid(int row, int[]? lengths, int time) =>
        lengths is null || row % time < lengths[row / time];
}
