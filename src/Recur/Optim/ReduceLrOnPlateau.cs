namespace Recur.Optim;

/// <summary>
/// Cuts the learning rate when a metric stops improving (PyTorch <c>ReduceLROnPlateau</c>, relative threshold):
/// a value is an improvement when it is below best·(1 − threshold) (Min) or above best·(1 + threshold) (Max).
/// After more than <see cref="Patience"/> epochs without improvement, lr = max(lr·factor, minLr) (changes smaller
/// than 1e-8 are skipped), then <see cref="Cooldown"/> epochs pass during which bad epochs are not counted.
/// </summary>
public sealed class ReduceLrOnPlateau
{
    private const double Epsilon = 1e-8;
    private int _cooldownCounter;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer to drive.</param>
    /// <param name="mode">Min (default) or Max.</param>
    /// <param name="factor">Multiplier of the learning rate on a plateau (in [0, 1), default 0.1).</param>
    /// <param name="patience">Epochs without improvement tolerated (≥ 0, default 10).</param>
    /// <param name="threshold">Relative improvement needed (≥ 0, default 1e-4).</param>
    /// <param name="cooldown">Epochs to wait after a reduction (≥ 0, default 0).</param>
    /// <param name="minLr">Lower bound of the learning rate (≥ 0, default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ReduceLrOnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10, double threshold = 1e-4, int cooldown = 0, double minLr = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"ReduceLrOnPlateau: mode must be Min or Max; got {mode}.");
        }

        OptimChecks.UnitHalfOpen(nameof(ReduceLrOnPlateau), nameof(factor), factor);
        OptimChecks.NonNegative(nameof(ReduceLrOnPlateau), nameof(patience), patience);
        OptimChecks.NonNegative(nameof(ReduceLrOnPlateau), nameof(threshold), threshold);
        OptimChecks.NonNegative(nameof(ReduceLrOnPlateau), nameof(cooldown), cooldown);
        OptimChecks.NonNegative(nameof(ReduceLrOnPlateau), nameof(minLr), minLr);
        Optimizer = optimizer;
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        MinLr = minLr;
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
    }

    /// <summary>The optimizer whose learning rate is cut.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Min or Max.</summary>
    public PlateauMode Mode { get; }

    /// <summary>The reduction factor.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>The relative improvement threshold.</summary>
    public double Threshold { get; }

    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>The lower bound of the learning rate.</summary>
    public double MinLr { get; }

    /// <summary>The best metric seen so far (±∞ before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without improvement.</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>The number of <see cref="Step"/> calls so far.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>Records the metric of one epoch and reduces the learning rate on a plateau.</summary>
    /// <returns>True when the learning rate was reduced by this call.</returns>
    public bool Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs++;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            NumBadEpochs = 0;
        }

        if (NumBadEpochs > Patience)
        {
            bool reduced = false;
            double old = Optimizer.LearningRate;
            double updated = Math.Max(old * Factor, MinLr);
            if (old - updated > Epsilon)
            {
                Optimizer.LearningRate = updated;
                reduced = true;
            }

            _cooldownCounter = Cooldown;
            NumBadEpochs = 0;
            return reduced;
        }

        return false;
    }

    private bool IsBetter(double value) => Mode == PlateauMode.Min
        ? value < Best * (1 - Threshold)
        : value > Best * (1 + Threshold);
}
