namespace Recur.Training;

/// <summary>Running sums of the loss and metric over mini-batches (or chunks).</summary>
internal sealed class BatchStats
{
    /// <summary>Σ of the per-unit losses (not normalised).</summary>
    public double LossSum { get; set; }

    /// <summary>Loss units: target steps or sequences.</summary>
    public long Units { get; set; }

    /// <summary>Correct predictions (classification).</summary>
    public long Correct { get; set; }

    /// <summary>Σ of squared errors (regression).</summary>
    public double SquaredError { get; set; }

    /// <summary>Regression target elements (units × O).</summary>
    public long Elements { get; set; }

    /// <summary>The mean loss per unit (per element for regression, as the reductions Mean do).</summary>
    public double Loss(bool classification) =>
        classification ? (Units == 0 ? 0 : LossSum / Units) : (Elements == 0 ? 0 : LossSum / Elements);

    /// <summary>Accuracy (classification) or RMSE (regression).</summary>
    public double Metric(bool classification) =>
        classification ? (Units == 0 ? 0 : (double)Correct / Units) : (Elements == 0 ? 0 : Math.Sqrt(SquaredError / Elements));

    /// <summary>Adds <paramref name="other"/> into this.</summary>
    public void Add(BatchStats other)
    {
        LossSum += other.LossSum;
        Units += other.Units;
        Correct += other.Correct;
        SquaredError += other.SquaredError;
        Elements += other.Elements;
    }
}
