using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>
/// Additive (Bahdanau) attention scores, fused: e[b, t] = vᵀ tanh(k[b, t] + q[b] + bias) for valid steps
/// (t &lt; lengths[b]; padded steps score 0 and get no gradient), where k (B, T, A) are the projected keys
/// (W_k·key), q (B, A) the projected query (W_q·query) or none, bias (A) and v (A). Output (B, T).
/// Backward with u = tanh(…): r = de · v ⊙ (1 − u²); dk += r, dq += Σ_t r, dbias += Σ_{b,t} r, dv += Σ de · u.
/// </summary>
internal sealed class AdditiveScoreOp : Function
{
    private float[] _u = [];
    private Tensor _v = null!;
    private int[]? _lengths;
    private int _batch;
    private int _time;
    private int _size;
    private bool _hasQuery;

    /// <summary>
    /// keys (B, T, A), query (B, A) or null, bias (A), v (A), lengths (B) or null → scores (B, T).
    /// Inputs are recorded in the order keys, bias, v[, query]. Shapes are checked by the caller.
    /// </summary>
    public static Tensor Forward(Tensor keys, Tensor? query, Tensor bias, Tensor v, int[]? lengths)
    {
        int batch = keys.Dims[0];
        int time = keys.Dims[1];
        int size = keys.Dims[2];
        var u = new float[keys.Length];
        var scores = new float[batch * time];
        ReadOnlySpan<float> ks = keys.AsReadOnlySpan();
        ReadOnlySpan<float> qs = query is null ? default : query.AsReadOnlySpan();
        ReadOnlySpan<float> bs = bias.AsReadOnlySpan();
        ReadOnlySpan<float> vs = v.AsReadOnlySpan();
        for (int b = 0; b < batch; b++)
        {
            int valid = lengths is null ? time : lengths[b];
            for (int t = 0; t < valid; t++)
            {
                int row = (b * time + t) * size;
                Span<float> ur = u.AsSpan(row, size);
                TensorPrimitives.Add(ks.Slice(row, size), bs, ur);
                if (query is not null)
                {
                    TensorPrimitives.Add(ur, qs.Slice(b * size, size), ur);
                }

                Kernels.Tanh.Forward(ur, ur);
                scores[b * time + t] = TensorPrimitives.Dot(ur, vs);
            }
        }

        Tensor result = Tensor.Wrap(scores, [batch, time]);
        var op = new AdditiveScoreOp();
        Tensor[] inputs = query is null ? [keys, bias, v] : [keys, bias, v, query];
        if (op.TryRecord(inputs, result))
        {
            op._u = u;
            op._v = v;
            op._lengths = lengths is null ? null : (int[])lengths.Clone();
            op._batch = batch;
            op._time = time;
            op._size = size;
            op._hasQuery = query is not null;
        }

        return result;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        int size = _size;
        ReadOnlySpan<float> de = context.OutputGrad();
        ReadOnlySpan<float> vs = _v.AsReadOnlySpan();
        bool needKeys = context.NeedsInputGrad(0);
        bool needBias = context.NeedsInputGrad(1);
        bool needV = context.NeedsInputGrad(2);
        bool needQuery = _hasQuery && context.NeedsInputGrad(3);
        Span<float> dk = needKeys ? context.InputGrad(0) : default;
        Span<float> db = needBias ? context.InputGrad(1) : default;
        Span<float> dv = needV ? context.InputGrad(2) : default;
        Span<float> dq = needQuery ? context.InputGrad(3) : default;
        var r = new float[size];
        for (int b = 0; b < _batch; b++)
        {
            int valid = _lengths is null ? _time : _lengths[b];
            for (int t = 0; t < valid; t++)
            {
                float g = de[b * _time + t];
                int row = (b * _time + t) * size;
                ReadOnlySpan<float> ur = _u.AsSpan(row, size);
                if (needV)
                {
                    TensorPrimitives.MultiplyAdd(ur, g, dv, dv);
                }

                for (int i = 0; i < size; i++)
                {
                    r[i] = g * vs[i] * (1f - (ur[i] * ur[i]));
                }

                if (needKeys)
                {
                    Span<float> dkr = dk.Slice(row, size);
                    TensorPrimitives.Add(dkr, r, dkr);
                }

                if (needBias)
                {
                    TensorPrimitives.Add(db, r, db);
                }

                if (needQuery)
                {
                    Span<float> dqr = dq.Slice(b * size, size);
                    TensorPrimitives.Add(dqr, r, dqr);
                }
            }
        }
    }
}
