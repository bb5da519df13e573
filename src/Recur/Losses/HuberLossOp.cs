using Recur.Autograd;

namespace Recur.Losses;

/// <summary>
/// Huber loss with threshold δ on d = pred − target: ½d² if |d| &lt; δ, else δ(|d| − ½δ).
/// Backward (PyTorch): d pred += clamp(d, −δ, δ)·g, d target −= the same.
/// </summary>
internal sealed class HuberLossOp : Function
{
    private float[] _diff = [];
    private Reduction _reduction;
    private float _delta;

    public static Tensor Forward(Tensor pred, Tensor target, float delta, Reduction reduction)
    {
        ReadOnlySpan<float> p = pred.AsReadOnlySpan();
        ReadOnlySpan<float> t = target.AsReadOnlySpan();
        var diff = new float[p.Length];
        var values = new double[p.Length];
        for (int i = 0; i < diff.Length; i++)
        {
            diff[i] = p[i] - t[i];
            double z = Math.Abs((double)diff[i]);
            values[i] = z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
        }

        Tensor loss = LossHelper.Reduce(values, reduction, pred.Shape, p.Length);
        var op = new HuberLossOp();
        if (op.TryRecord([pred, target], loss))
        {
            op._diff = diff;
            op._reduction = reduction;
            op._delta = delta;
        }

        return loss;
    }

    protected internal override void Backward(GradientContext context)
    {
        ReadOnlySpan<float> dy = context.OutputGrad();
        bool needP = context.NeedsInputGrad(0);
        bool needT = context.NeedsInputGrad(1);
        Span<float> dp = needP ? context.InputGrad(0) : default;
        Span<float> dt = needT ? context.InputGrad(1) : default;
        for (int i = 0; i < _diff.Length; i++)
        {
            float d = _diff[i];
            float slope = d < -_delta ? -_delta : d > _delta ? _delta : d;
            float g = slope * LossHelper.Upstream(dy, _reduction, _diff.Length, i);
            if (needP)
            {
                dp[i] += g;
            }

            if (needT)
            {
                dt[i] -= g;
            }
        }
    }
}
