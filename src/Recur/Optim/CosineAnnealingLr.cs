namespace Recur.Optim;

/// <summary>
/// Cosine annealing (PyTorch <c>CosineAnnealingLR</c>, closed form):
/// lr = etaMin + (base − etaMin)·(1 + cos(π·epoch/tMax))/2. Past tMax the cosine continues (it rises again).
/// </summary>
public sealed class CosineAnnealingLr : LrScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimizer to drive; its current learning rate is the base.</param>
    /// <param name="tMax">Epochs of a half period (≥ 1).</param>
    /// <param name="etaMin">The minimum learning rate (≥ 0, default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">tMax &lt; 1 or etaMin &lt; 0.</exception>
    public CosineAnnealingLr(Optimizer optimizer, int tMax, double etaMin = 0)
        : base(optimizer)
    {
        if (tMax < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tMax), tMax, $"CosineAnnealingLr: tMax must be ≥ 1; got {tMax}.");
        }

        OptimChecks.NonNegative(nameof(CosineAnnealingLr), nameof(etaMin), etaMin);
        TMax = tMax;
        EtaMin = etaMin;
    }

    /// <summary>Epochs of a half period.</summary>
    public int TMax { get; }

    /// <summary>The minimum learning rate.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(int epoch) =>
        EtaMin + ((BaseLr - EtaMin) * (1 + Math.Cos(Math.PI * epoch / TMax)) / 2);
}
