using Recur.Autograd;

namespace Recur.Losses;

/// <summary>
/// Cross-entropy from logits (B, C) and class indices, with optional class weights w, label smoothing ε and
/// an ignored index (PyTorch semantics). Per kept sample b with target t:
/// ℓ_b = (1 − ε)·w_t·(−log p_bt) + (ε/C)·Σ_c w_c·(−log p_bc); Mean divides Σ_b ℓ_b by Σ_b w_t.
/// Backward: d log p_bc = −g_b·((1 − ε)·w_t·[c = t] + (ε/C)·w_c), then through log-softmax.
/// </summary>
internal sealed class CrossEntropyLossOp : Function
{
    private float[] _logp = [];
    private float[] _targetWeight = [];
    private bool[] _ignored = [];
    private int[] _targets = [];
    private float[]? _weights;
    private float _smoothing;
    private int _classes;
    private Reduction _reduction;
    private double _denominator;

    public static Tensor Forward(Tensor logits, int[] targets, float[]? weights, float smoothing, int? ignoreIndex, Reduction reduction)
    {
        int batch = logits.Dims[0];
        int classes = logits.Dims[1];
        var logp = new float[batch * classes];
        Kernels.LogSoftmax.Forward(logp, logits.AsReadOnlySpan(), batch, classes);
        var values = new double[batch];
        var targetWeight = new float[batch];
        var ignored = new bool[batch];
        double denominator = 0;
        for (int b = 0; b < batch; b++)
        {
            int t = targets[b];
            if (ignoreIndex == t)
            {
                ignored[b] = true;
                continue;
            }

            ReadOnlySpan<float> row = logp.AsSpan(b * classes, classes);
            double wt = weights is null ? 1.0 : weights[t];
            double smooth = 0;
            if (smoothing != 0f)
            {
                for (int c = 0; c < classes; c++)
                {
                    smooth -= (weights is null ? 1.0 : weights[c]) * row[c];
                }
            }

            values[b] = (1.0 - smoothing) * wt * -row[t] + smooth * smoothing / classes;
            targetWeight[b] = (float)wt;
            denominator += wt;
        }

        Tensor loss = LossHelper.Reduce(values, reduction, [batch], denominator);
        var op = new CrossEntropyLossOp();
        if (op.TryRecord([logits], loss))
        {
            op._logp = logp;
            op._targets = targets;
            op._weights = weights;
            op._smoothing = smoothing;
            op._classes = classes;
            op._reduction = reduction;
            op._targetWeight = targetWeight;
            op._ignored = ignored;
            op._denominator = denominator;
        }

        return loss;
    }

    protected internal override void Backward(GradientContext context)
    {
        ReadOnlySpan<float> dy = context.OutputGrad();
        Span<float> dx = context.InputGrad(0);
        int classes = _classes;
        var dlogp = new float[classes];
        float onTarget = 1f - _smoothing;
        float spread = _smoothing / classes;
        for (int b = 0; b < _targets.Length; b++)
        {
            if (_ignored[b])
            {
                continue; // ignored sample: no gradient
            }

            float g = LossHelper.Upstream(dy, _reduction, _denominator, b);
            for (int c = 0; c < classes; c++)
            {
                dlogp[c] = -g * spread * (_weights is null ? 1f : _weights[c]);
            }

            dlogp[_targets[b]] -= g * onTarget * _targetWeight[b];
            Kernels.LogSoftmax.Backward(dx.Slice(b * classes, classes), _logp.AsSpan(b * classes, classes), dlogp, 1, classes);
        }
    }
}
