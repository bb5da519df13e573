using Recur.Autograd;

namespace Recur.Losses;

/// <summary>
/// Mean-squared error (pred − target)²; backward: d pred += 2(pred − target)·g, d target −= the same. Like PyTorch,
/// the node keeps references to pred and target (its inputs) and recomputes the difference in backward, so a
/// training step allocates no per-element buffer here.
/// </summary>
internal sealed class MseLossOp : Function
{
    private Reduction _reduction;

    public static Tensor Forward(Tensor pred, Tensor target, Reduction reduction)
    {
        ReadOnlySpan<float> p = pred.AsReadOnlySpan();
        ReadOnlySpan<float> t = target.AsReadOnlySpan();
        Tensor loss;
        if (reduction == Reduction.None)
        {
            var values = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                float diff = p[i] - t[i];
                values[i] = (double)diff * diff;
            }

            loss = LossHelper.Reduce(values, reduction, pred.Shape, p.Length);
        }
        else
        {
            // Summed in double in the same order as LossHelper.Reduce, without a per-element array (a training step's
            // largest temporary after the output itself).
            double sum = 0;
            for (int i = 0; i < p.Length; i++)
            {
                float diff = p[i] - t[i];
                sum += (double)diff * diff;
            }

            loss = Tensor.Wrap([(float)(reduction == Reduction.Mean ? sum / p.Length : sum)], []);
        }
        var op = new MseLossOp();
        if (op.TryRecordOwning([pred, target], loss))
        {
            op._reduction = reduction;
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
        ReadOnlySpan<float> p = Inputs[0].AsReadOnlySpan();
        ReadOnlySpan<float> t = Inputs[1].AsReadOnlySpan();
        for (int i = 0; i < p.Length; i++)
        {
            float g = 2f * (p[i] - t[i]) * LossHelper.Upstream(dy, _reduction, p.Length, i);
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
