namespace Recur.Data;

/// <summary>
/// Rescales each column to [0, 1] over the data it is fitted on (the training part only): x' = (x − min) / (max − min).
/// Values outside the training range map outside [0, 1] (a trend beyond the training range stays visible). A constant
/// column is only shifted (divided by 1).
/// </summary>
public sealed class MinMaxScaler : ColumnScaler
{
    internal const string KindName = "minmax";

    /// <summary>An unfitted scaler over the named columns.</summary>
    public MinMaxScaler(IReadOnlyList<string> columns)
        : base(columns)
    {
    }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>C minima (fitted).</summary>
    public IReadOnlyList<double> Min => GetState().Min!;

    /// <summary>C maxima (fitted).</summary>
    public IReadOnlyList<double> Max => GetState().Max!;

    private protected override (double Offset, double Scale) Statistics(in ColumnStatistics column) =>
        (column.Min, column.Max - column.Min);

    private protected override ScalerState StateFrom(double[] offset, double[] scale) =>
        new() { Kind = KindName, Columns = Columns, Min = offset, Max = offset.Select((o, c) => o + scale[c]).ToArray() };

    private protected override (double[] Offset, double[] Scale) ReadState(ScalerState state)
    {
        double[] min = StateArray(state.Min, "min");
        double[] max = StateArray(state.Max, "max");
        for (int c = 0; c < min.Length; c++)
        {
            if (max[c] < min[c])
            {
                throw new ArgumentException($"minmax scaler state must have max ≥ min; column '{Columns[c]}' has min {min[c]} and max {max[c]}.", nameof(state));
            }
        }

        return (min, max.Select((m, c) => m - min[c]).ToArray());
    }
}
