namespace Recur.Data;

/// <summary>How <see cref="SequenceCsv.Load"/> reads a sequence-classification CSV.</summary>
public sealed record SequenceCsvOptions
{
    /// <summary>Long (one row per time step, the default) or wide (one row per univariate sequence, UCR/UEA).</summary>
    public SequenceLayout Layout { get; init; } = SequenceLayout.Long;

    /// <summary>
    /// The sequence-id column. Required for the long layout (rows with the same id form one sequence, in order of
    /// first appearance; they need not be adjacent). Optional for the wide layout, where each row is a sequence and
    /// the ids default to the 1-based row numbers ("1", "2", …).
    /// </summary>
    public string? IdColumn { get; init; }

    /// <summary>
    /// Long layout: an integer column that orders the rows within a sequence (gaps allowed, duplicates not). Null:
    /// file order.
    /// </summary>
    public string? StepColumn { get; init; }

    /// <summary>
    /// The label column (text or integer; constant within a sequence). Null for unlabelled data (prediction); then
    /// <see cref="SequenceTable.Labels"/> is null.
    /// </summary>
    public string? LabelColumn { get; init; }

    /// <summary>
    /// Long layout: the feature columns, in the order the model sees them. Null (the default): every numeric column
    /// except the id, step, label and split columns, in file order. Must be null for the wide layout (its one
    /// feature is the value of each step column, named "value").
    /// </summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>
    /// A column whose values are "train" or "test" (any case), constant within a sequence. When given, the file must
    /// hold at least one sequence of each.
    /// </summary>
    public string? SplitColumn { get; init; }

    /// <summary>
    /// The classes to map the labels to (for example those of the training data when loading a separate test file);
    /// a label not among them is an error. Null: the classes are the distinct labels found, sorted numerically when
    /// every label is an integer and by ordinal string order otherwise.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>What to do with empty feature cells (filled within each sequence; default: an error).</summary>
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;

    /// <summary>The cell delimiter, an ASCII character (default ',').</summary>
    public char Delimiter { get; init; } = ',';
}
