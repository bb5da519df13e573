using Recur.Autograd;

namespace Recur.Losses;

/// <summary>
/// Binary cross-entropy on logits z with targets t and optional positive weight p (per last-axis column):
/// ℓ = (1 − t)·z + (1 + (p − 1)·t)·softplus(−z), computed stably.
/// Backward: d z += ((1 − t) − (1 + (p − 1)·t)·σ(−z))·g; d t += (−z + (p − 1)·softplus(−z))·g.
/// </summary>
internal sealed class BceWithLogitsLossOp : Function
{
    private Tensor _logits = null!;
    private Tensor _target = null!;
    private float[]? _posWeight;
    private Reduction _reduction;

    public static Tensor Forward(Tensor logits, Tensor target, float[]? posWeight, Reduction reduction)
    {
        ReadOnlySpan<float> z = logits.AsReadOnlySpan();
        ReadOnlySpan<float> t = target.AsReadOnlySpan();
        int cols = posWeight?.Length ?? 1;
        var values = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            double zi = z[i];
            double ti = t[i];
            double lw = posWeight is null ? 1.0 : 1.0 + (posWeight[i % cols] - 1.0) * ti;
            values[i] = (1.0 - ti) * zi + lw * SoftplusNeg(zi);
        }

        Tensor loss = LossHelper.Reduce(values, reduction, logits.Shape, z.Length);
        var op = new BceWithLogitsLossOp();
        if (op.TryRecord([logits, target], loss))
        {
            op._logits = logits;
            op._target = target;
            op._posWeight = posWeight;
            op._reduction = reduction;
        }

        return loss;
    }

    /// <summary>softplus(−z) = log(1 + exp(−z)) = max(−z, 0) + log(1 + exp(−|z|)).</summary>
    private static double SoftplusNeg(double z) => Math.Max(-z, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(z)));

    protected internal override void Backward(GradientContext context)
    {
        ReadOnlySpan<float> dy = context.OutputGrad();
        ReadOnlySpan<float> z = _logits.AsReadOnlySpan();
        ReadOnlySpan<float> t = _target.AsReadOnlySpan();
        bool needZ = context.NeedsInputGrad(0);
        bool needT = context.NeedsInputGrad(1);
        Span<float> dz = needZ ? context.InputGrad(0) : default;
        Span<float> dt = needT ? context.InputGrad(1) : default;
        int cols = _posWeight?.Length ?? 1;
        for (int i = 0; i < z.Length; i++)
        {
            double g = LossHelper.Upstream(dy, _reduction, z.Length, i);
            double zi = z[i];
            double ti = t[i];
            double pw = _posWeight is null ? 1.0 : _posWeight[i % cols];
            double lw = 1.0 + (pw - 1.0) * ti;
            if (needZ)
            {
                double sigNeg = zi >= 0 ? Math.Exp(-zi) / (1.0 + Math.Exp(-zi)) : 1.0 / (1.0 + Math.Exp(zi));
                dz[i] += (float)(((1.0 - ti) - lw * sigNeg) * g);
            }

            if (needT)
            {
                dt[i] += (float)((-zi + (pw - 1.0) * SoftplusNeg(zi)) * g);
            }
        }
    }
}
