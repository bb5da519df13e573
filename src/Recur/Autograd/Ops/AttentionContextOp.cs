using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>
/// Masked softmax over time fused with the weighted sum of values: for each sequence b with L = lengths[b] valid steps,
/// α_t = exp(e_t − max) / Σ_{s&lt;L} exp(e_s − max) for t &lt; L and α_t = 0 exactly for t ≥ L (the scores of padded steps
/// act as −∞ and are never read), and context_b = Σ_{t&lt;L} α_t · values[b, t]. Scores (B, T), values (B, T, V) →
/// context (B, V); the weights α (B, T) are handed back for inspection. Backward (g = dcontext_b):
/// dvalues[b, t] += α_t g, dscore_t += α_t (g·v_t − Σ_s α_s g·v_s); padded steps get nothing.
/// </summary>
internal sealed class AttentionContextOp : Function
{
    private Tensor _values = null!;
    private float[] _weights = [];
    private int[]? _lengths;
    private int _batch;
    private int _time;
    private int _width;

    /// <summary>
    /// scores (B, T), values (B, T, V), lengths (B values in 1 … T) or null → context (B, V); <paramref name="weights"/>
    /// receives α (B·T, row-major). Shapes are checked by the caller.
    /// </summary>
    public static Tensor Forward(Tensor scores, Tensor values, int[]? lengths, out float[] weights)
    {
        int batch = values.Dims[0];
        int time = values.Dims[1];
        int width = values.Dims[2];
        var alpha = new float[batch * time];
        var context = new float[batch * width];
        ReadOnlySpan<float> e = scores.AsReadOnlySpan();
        ReadOnlySpan<float> vs = values.AsReadOnlySpan();
        for (int b = 0; b < batch; b++)
        {
            int valid = lengths is null ? time : lengths[b];
            if (valid == 0)
            {
                continue;
            }

            ReadOnlySpan<float> eb = e.Slice(b * time, valid);
            Span<float> ab = alpha.AsSpan(b * time, valid);
            float max = TensorPrimitives.Max(eb);
            TensorPrimitives.Subtract(eb, max, ab);
            TensorPrimitives.Exp(ab, ab);
            float sum = TensorPrimitives.Sum(ab);
            TensorPrimitives.Divide(ab, sum, ab);
            Span<float> cb = context.AsSpan(b * width, width);
            for (int t = 0; t < valid; t++)
            {
                TensorPrimitives.MultiplyAdd(vs.Slice((b * time + t) * width, width), ab[t], cb, cb);
            }
        }

        weights = alpha;
        Tensor result = Tensor.Wrap(context, [batch, width]);
        var op = new AttentionContextOp();
        if (op.TryRecord([scores, values], result))
        {
            op._values = values;
            op._weights = alpha;
            op._lengths = lengths is null ? null : (int[])lengths.Clone();
            op._batch = batch;
            op._time = time;
            op._width = width;
        }

        return result;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        int time = _time;
        int width = _width;
        ReadOnlySpan<float> g = context.OutputGrad();
        ReadOnlySpan<float> vs = _values.AsReadOnlySpan();
        bool needScores = context.NeedsInputGrad(0);
        bool needValues = context.NeedsInputGrad(1);
        Span<float> ds = needScores ? context.InputGrad(0) : default;
        Span<float> dv = needValues ? context.InputGrad(1) : default;
        var dalpha = new float[time];
        for (int b = 0; b < _batch; b++)
        {
            int valid = _lengths is null ? time : _lengths[b];
            ReadOnlySpan<float> gb = g.Slice(b * width, width);
            ReadOnlySpan<float> ab = _weights.AsSpan(b * time, valid);
            float weighted = 0f;
            for (int t = 0; t < valid; t++)
            {
                int row = (b * time + t) * width;
                if (needScores)
                {
                    dalpha[t] = TensorPrimitives.Dot(gb, vs.Slice(row, width));
                    weighted += ab[t] * dalpha[t];
                }

                if (needValues)
                {
                    Span<float> dvr = dv.Slice(row, width);
                    TensorPrimitives.MultiplyAdd(gb, ab[t], dvr, dvr);
                }
            }

            if (needScores)
            {
                for (int t = 0; t < valid; t++)
                {
                    ds[b * time + t] += ab[t] * (dalpha[t] - weighted);
                }
            }
        }
    }
}
