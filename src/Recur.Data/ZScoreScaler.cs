namespace Recur.Data;

/// <summary>
/// Standardizes each column: x' = (x − mean) / std, with the mean and population standard deviation of the data it
/// is fitted on (the training part only). A constant column keeps std = 0 in its state and is only centred.
/// </summary>
public sealed class ZScoreScaler : ColumnScaler
{
    internal const string KindName = "zscore";

    /// <summary>An unfitted scaler over the named columns.</summary>
    public ZScoreScaler(IReadOnlyList<string> columns)
        : base(columns)
    {
    }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>C means (fitted).</summary>
    public IReadOnlyList<double> Mean => GetState().Mean!;

    /// <summary>C population standard deviations (fitted; 0 for a constant column).</summary>
    public IReadOnlyList<double> Std => GetState().Std!;

    private protected override (double Offset, double Scale) Statistics(in ColumnStatistics column)
    {
        return (column.Mean, column.PopulationStd);
    }

    private protected override ScalerState StateFrom(double[] offset, double[] scale) =>
        new() { Kind = KindName, Columns = Columns, Mean = offset, Std = scale };

    private protected override (double[] Offset, double[] Scale) ReadState(ScalerState state) =>
        (StateArray(state.Mean, "mean"), StateArray(state.Std, "std"));
}
