namespace Recur.Losses;

/// <summary>
/// Mean-squared error, PyTorch's <c>nn.MSELoss</c>: ℓ_i = (pred_i − target_i)², reduced by
/// <see cref="Reduction"/> (default mean over all elements). Gradients flow to both pred and target.
/// Usage: <c>new MseLoss().Forward(pred, target)</c>.
/// </summary>
/// <param name="reduction">Mean (default), Sum or None.</param>
public sealed class MseLoss(Reduction reduction = Reduction.Mean)
{
    /// <summary>The reduction applied.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>The loss of <paramref name="pred"/> against <paramref name="target"/>.</summary>
    /// <param name="pred">Predictions, any shape.</param>
    /// <param name="target">Targets, the shape of pred.</param>
    /// <returns>Shape () for Mean/Sum; pred's shape for None.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public Tensor Forward(Tensor pred, Tensor target)
    {
        LossHelper.CheckSameShape(nameof(MseLoss), pred, target);
        LossHelper.CheckReduction(nameof(MseLoss), Reduction);
        return MseLossOp.Forward(pred, target, Reduction);
    }
}
