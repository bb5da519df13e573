using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>
/// Scaled dot-product attention scores: e[b, t] = scale · q_b · k[b, t] for valid steps (t &lt; lengths[b]; padded
/// steps score 0 and get no gradient), with one query q (K) shared by the batch or one per sequence (B, K).
/// Keys (B, T, K) → scores (B, T). Backward: dq_b += scale Σ_t de · k[b, t], dk[b, t] += scale · de · q_b.
/// </summary>
internal sealed class DotScoreOp : Function
{
    private Tensor _query = null!;
    private Tensor _keys = null!;
    private int[]? _lengths;
    private float _scale;
    private bool _shared;

    /// <summary>query (K) or (B, K), keys (B, T, K), lengths (B) or null → scores (B, T). Shapes are checked by the caller.</summary>
    public static Tensor Forward(Tensor query, Tensor keys, float scale, int[]? lengths)
    {
        int batch = keys.Dims[0];
        int time = keys.Dims[1];
        int size = keys.Dims[2];
        bool shared = query.Rank == 1;
        var scores = new float[batch * time];
        ReadOnlySpan<float> qs = query.AsReadOnlySpan();
        ReadOnlySpan<float> ks = keys.AsReadOnlySpan();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> q = qs.Slice(shared ? 0 : b * size, size);
            int valid = lengths is null ? time : lengths[b];
            for (int t = 0; t < valid; t++)
            {
                scores[b * time + t] = scale * TensorPrimitives.Dot(q, ks.Slice((b * time + t) * size, size));
            }
        }

        Tensor result = Tensor.Wrap(scores, [batch, time]);
        var op = new DotScoreOp();
        if (op.TryRecord([query, keys], result))
        {
            op._query = query;
            op._keys = keys;
            op._lengths = lengths is null ? null : (int[])lengths.Clone();
            op._scale = scale;
            op._shared = shared;
        }

        return result;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        int batch = _keys.Dims[0];
        int time = _keys.Dims[1];
        int size = _keys.Dims[2];
        ReadOnlySpan<float> de = context.OutputGrad();
        ReadOnlySpan<float> qs = _query.AsReadOnlySpan();
        ReadOnlySpan<float> ks = _keys.AsReadOnlySpan();
        bool needQuery = context.NeedsInputGrad(0);
        bool needKeys = context.NeedsInputGrad(1);
        Span<float> dq = needQuery ? context.InputGrad(0) : default;
        Span<float> dk = needKeys ? context.InputGrad(1) : default;
        for (int b = 0; b < batch; b++)
        {
            int qo = _shared ? 0 : b * size;
            int valid = _lengths is null ? time : _lengths[b];
            for (int t = 0; t < valid; t++)
            {
                float g = _scale * de[b * time + t];
                int row = (b * time + t) * size;
                if (needQuery)
                {
                    Span<float> dqr = dq.Slice(qo, size);
                    TensorPrimitives.MultiplyAdd(ks.Slice(row, size), g, dqr, dqr);
                }

                if (needKeys)
                {
                    Span<float> dkr = dk.Slice(row, size);
                    TensorPrimitives.MultiplyAdd(qs.Slice(qo, size), g, dkr, dkr);
                }
            }
        }
    }
}
