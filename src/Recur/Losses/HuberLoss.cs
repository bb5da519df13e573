namespace Recur.Losses;

/// <summary>
/// Huber loss, PyTorch's <c>nn.HuberLoss</c>: with d = pred − target, ℓ = ½d² when |d| &lt; δ and
/// δ·(|d| − ½δ) otherwise; reduced by <see cref="Reduction"/> (default mean).
/// Usage: <c>new HuberLoss(delta: 1f).Forward(pred, target)</c>.
/// </summary>
public sealed class HuberLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="delta">The threshold δ between the quadratic and linear parts (&gt; 0, default 1).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException">delta is not a positive finite number.</exception>
    public HuberLoss(float delta = 1f, Reduction reduction = Reduction.Mean)
    {
        if (!(delta > 0f) || float.IsInfinity(delta))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"HuberLoss: delta must be a positive finite number; got {delta}.");
        }

        LossHelper.CheckReduction(nameof(HuberLoss), reduction);
        Delta = delta;
        Reduction = reduction;
    }

    /// <summary>The threshold δ.</summary>
    public float Delta { get; }

    /// <summary>The reduction applied.</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of <paramref name="pred"/> against <paramref name="target"/>.</summary>
    /// <param name="pred">Predictions, any shape.</param>
    /// <param name="target">Targets, the shape of pred.</param>
    /// <returns>Shape () for Mean/Sum; pred's shape for None.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public Tensor Forward(Tensor pred, Tensor target)
    {
        LossHelper.CheckSameShape(nameof(HuberLoss), pred, target);
        return HuberLossOp.Forward(pred, target, Delta, Reduction);
    }
}
