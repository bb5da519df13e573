using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>
/// Zeroes the padded steps of a batch-first sequence batch: x (B, T, …) → y with y[b, t, …] = x[b, t, …] for
/// t &lt; lengths[b] and 0 for t ≥ lengths[b]. Backward: dx += g at the valid steps only (padded inputs get no gradient).
/// </summary>
internal sealed class PaddingMaskOp : Function
{
    private int[] _lengths = [];
    private int _steps;
    private int _inner;

    /// <summary>y = x with the steps t ≥ lengths[b] zeroed. The caller validated B lengths in 1 … T.</summary>
    public static Tensor Forward(Tensor x, int[] lengths)
    {
        int batch = x.Dims[0];
        int steps = x.Dims[1];
        int inner = batch * steps == 0 ? 0 : x.Length / (batch * steps);
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        for (int b = 0; b < batch; b++)
        {
            int valid = lengths[b] * inner;
            x.Buffer.AsSpan(b * steps * inner, valid).CopyTo(y.Buffer.AsSpan(b * steps * inner, valid));
        }

        var op = new PaddingMaskOp();
        if (op.TryRecord([x], y))
        {
            op._lengths = (int[])lengths.Clone();
            op._steps = steps;
            op._inner = inner;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsInputGrad(0))
        {
            return;
        }

        ReadOnlySpan<float> g = context.OutputGrad();
        Span<float> dx = context.InputGrad(0);
        int block = _steps * _inner;
        for (int b = 0; b < _lengths.Length; b++)
        {
            int valid = _lengths[b] * _inner;
            Span<float> d = dx.Slice(b * block, valid);
            TensorPrimitives.Add(d, g.Slice(b * block, valid), d);
        }
    }
}
