namespace Recur.Optim;

/// <summary>Exponential decay (PyTorch <c>ExponentialLR</c>): lr = base·γ^epoch.</summary>
public sealed class ExponentialLr : LrScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimizer to drive; its current learning rate is the base.</param>
    /// <param name="gamma">Decay factor per epoch (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">gamma &lt; 0.</exception>
    public ExponentialLr(Optimizer optimizer, double gamma)
        : base(optimizer)
    {
        OptimChecks.NonNegative(nameof(ExponentialLr), nameof(gamma), gamma);
        Gamma = gamma;
    }

    /// <summary>Decay factor γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(int epoch) => BaseLr * Math.Pow(Gamma, epoch);
}
