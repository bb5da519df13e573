namespace Recur.Optim;

/// <summary>Step decay (PyTorch <c>StepLR</c>): lr = base·γ^⌊epoch / stepSize⌋.</summary>
public sealed class StepLr : LrScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimizer to drive; its current learning rate is the base.</param>
    /// <param name="stepSize">Epochs between decays (≥ 1).</param>
    /// <param name="gamma">Decay factor (≥ 0, default 0.1).</param>
    /// <exception cref="ArgumentOutOfRangeException">stepSize &lt; 1 or gamma &lt; 0.</exception>
    public StepLr(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        if (stepSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"StepLr: stepSize must be ≥ 1; got {stepSize}.");
        }

        OptimChecks.NonNegative(nameof(StepLr), nameof(gamma), gamma);
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>Decay factor γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(int epoch) => BaseLr * Math.Pow(Gamma, epoch / StepSize);
}
