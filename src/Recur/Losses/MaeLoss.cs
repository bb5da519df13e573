namespace Recur.Losses;

/// <summary>
/// Mean absolute error (L1), PyTorch's <c>nn.L1Loss</c>: ℓ_i = |pred_i − target_i|, reduced by
/// <see cref="Reduction"/> (default mean). The gradient at pred = target is 0, as in PyTorch.
/// Usage: <c>new MaeLoss().Forward(pred, target)</c>.
/// </summary>
/// <param name="reduction">Mean (default), Sum or None.</param>
public sealed class MaeLoss(Reduction reduction = Reduction.Mean)
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
        LossHelper.CheckSameShape(nameof(MaeLoss), pred, target);
        LossHelper.CheckReduction(nameof(MaeLoss), Reduction);
        return MaeLossOp.Forward(pred, target, Reduction);
    }
}
