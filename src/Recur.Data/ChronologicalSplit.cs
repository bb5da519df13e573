namespace Recur.Data;

/// <summary>
/// A chronological split of T rows into train [0, TrainRows), validation [TrainRows, TrainRows + ValidationRows) and
/// test (the rest), in that order: the past trains, the future is held out. Never shuffled.
/// </summary>
/// <param name="TrainRows">Rows in the training part (the first rows).</param>
/// <param name="ValidationRows">Rows in the validation part (after the training part).</param>
/// <param name="TestRows">Rows in the test part (the last rows).</param>
public sealed record ChronologicalSplit(int TrainRows, int ValidationRows, int TestRows)
{
    /// <summary>T, the rows of all three parts.</summary>
    public int RowCount => TrainRows + ValidationRows + TestRows;

    /// <summary>The first row of the validation part.</summary>
    public int ValidationStart => TrainRows;

    /// <summary>The first row of the test part.</summary>
    public int TestStart => TrainRows + ValidationRows;

    /// <summary>
    /// Splits <paramref name="rowCount"/> rows by fractions: train = ⌊T·trainFraction⌋, validation =
    /// ⌊T·validationFraction⌋, test = the rest (so the test part gets the rows the rounding leaves).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is outside [0, 1], their sum exceeds 1, or the training part is empty.</exception>
    public static ChronologicalSplit FromFractions(int rowCount, double trainFraction, double validationFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (!(trainFraction > 0 && trainFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction,
                $"trainFraction must be in (0, 1]; got {trainFraction}.");
        }

        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                $"validationFraction must be in [0, 1); got {validationFraction}.");
        }

        if (trainFraction + validationFraction > 1 + 1e-12)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                $"trainFraction + validationFraction must be at most 1; got {trainFraction} + {validationFraction}.");
        }

        int train = Math.Min(rowCount, (int)Math.Floor(rowCount * trainFraction + 1e-9));
        int validation = Math.Min(rowCount - train, (int)Math.Floor(rowCount * validationFraction + 1e-9));
        if (train == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction,
                $"the training part must have at least one row; {rowCount} rows × {trainFraction} gives none.");
        }

        return new ChronologicalSplit(train, validation, rowCount - train - validation);
    }
}
