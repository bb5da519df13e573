using Recur.Layers;

namespace Recur.Data;

/// <summary>
/// N labelled (or unlabelled) multivariate sequences of varying lengths: sequence i is (T_i, F), oldest step first,
/// with its id, class index, split and first line in the source file.
/// </summary>
public sealed class SequenceTable
{
    /// <summary>Creates a table; the sequence arrays are used as given (not copied).</summary>
    /// <param name="ids">N sequence ids.</param>
    /// <param name="sequences">N arrays (T_i, F), T_i ≥ 1, all with the same F.</param>
    /// <param name="featureColumns">The F feature names.</param>
    /// <param name="labels">N class indices in [0, classNames.Count), or null for unlabelled data.</param>
    /// <param name="classNames">The class names (index = class); empty for unlabelled data.</param>
    /// <param name="splits">N splits, or null when the data has no split column.</param>
    /// <param name="lines">N first lines in the source file, or null (then 0s).</param>
    /// <param name="sourcePath">The file the table came from, or null for data built in memory.</param>
    /// <param name="filledCount">How many missing cells were filled while loading.</param>
    public SequenceTable(
        IReadOnlyList<string> ids,
        IReadOnlyList<float[,]> sequences,
        IReadOnlyList<string> featureColumns,
        IReadOnlyList<int>? labels,
        IReadOnlyList<string> classNames,
        IReadOnlyList<SequenceSplit>? splits = null,
        IReadOnlyList<int>? lines = null,
        string? sourcePath = null,
        int filledCount = 0)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(featureColumns);
        ArgumentNullException.ThrowIfNull(classNames);
        int n = sequences.Count;
        Check(ids.Count == n, nameof(ids), $"one id per sequence: expected {n}, got {ids.Count}");
        Check(labels is null || labels.Count == n, nameof(labels), $"one label per sequence: expected {n}, got {labels?.Count}");
        Check(splits is null || splits.Count == n, nameof(splits), $"one split per sequence: expected {n}, got {splits?.Count}");
        Check(lines is null || lines.Count == n, nameof(lines), $"one line per sequence: expected {n}, got {lines?.Count}");
        Check(featureColumns.Count > 0, nameof(featureColumns), "at least one feature column, got none");
        for (int i = 0; i < n; i++)
        {
            float[,] s = sequences[i] ?? throw new ArgumentNullException(nameof(sequences), $"sequence {i} is null.");
            Check(s.GetLength(0) >= 1 && s.GetLength(1) == featureColumns.Count, nameof(sequences),
                $"(T_i ≥ 1, {featureColumns.Count}) arrays; sequence {i} is ({s.GetLength(0)}, {s.GetLength(1)})");
            if (labels is not null)
            {
                Check(labels[i] >= 0 && labels[i] < classNames.Count, nameof(labels),
                    $"class indices in [0, {classNames.Count}); sequence {i} has {labels[i]}");
            }
        }

        Ids = ids.ToArray();
        Sequences = sequences.ToArray();
        FeatureColumns = featureColumns.ToArray();
        Labels = labels?.ToArray();
        ClassNames = classNames.ToArray();
        Splits = splits?.ToArray();
        Lines = lines?.ToArray() ?? new int[n];
        SourcePath = sourcePath;
        FilledCount = filledCount;
    }

    /// <summary>The file the table came from, or null for data built in memory.</summary>
    public string? SourcePath { get; }

    /// <summary>N sequence ids, in order of first appearance in the file.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>N sequences, each (T_i, F), oldest step first. The table's own storage.</summary>
    public IReadOnlyList<float[,]> Sequences { get; }

    /// <summary>The F feature names.</summary>
    public IReadOnlyList<string> FeatureColumns { get; }

    /// <summary>N class indices into <see cref="ClassNames"/>, or null for unlabelled data.</summary>
    public IReadOnlyList<int>? Labels { get; }

    /// <summary>The class names; class k is ClassNames[k].</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>N splits, or null when the file has no split column.</summary>
    public IReadOnlyList<SequenceSplit>? Splits { get; }

    /// <summary>N first lines (1-based) of the sequences in the source file.</summary>
    public IReadOnlyList<int> Lines { get; }

    /// <summary>How many missing cells were filled while loading.</summary>
    public int FilledCount { get; }

    /// <summary>N, the number of sequences.</summary>
    public int Count => Sequences.Count;

    /// <summary>F, the features per step.</summary>
    public int FeatureCount => FeatureColumns.Count;

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The shortest T_i (0 when there are no sequences).</summary>
    public int MinLength => Count == 0 ? 0 : Sequences.Min(s => s.GetLength(0));

    /// <summary>The longest T_i (0 when there are no sequences).</summary>
    public int MaxLength => Count == 0 ? 0 : Sequences.Max(s => s.GetLength(0));

    /// <summary>T_i of sequence <paramref name="index"/>.</summary>
    public int Length(int index) => Sequences[index].GetLength(0);

    /// <summary>Sequence <paramref name="index"/> as a tensor (T_i, F).</summary>
    public Tensor SequenceTensor(int index)
    {
        float[,] s = Sequences[index];
        var data = new float[s.Length];
        Buffer.BlockCopy(s, 0, data, 0, s.Length * sizeof(float));
        return Tensor.FromArray(data, s.GetLength(0), s.GetLength(1));
    }

    /// <summary>
    /// The given sequences as one batch-first, right-padded batch: data (B, T, F) with T the longest of them and zeros
    /// after each sequence's end, and lengths (null when all B have length T).
    /// </summary>
    public SequenceBatch ToBatch(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one sequence index; got none.", nameof(indices));
        }

        int f = FeatureCount;
        var lengths = new int[indices.Count];
        for (int b = 0; b < indices.Count; b++)
        {
            if (indices[b] < 0 || indices[b] >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[b], $"sequence indices must be in [0, {Count}); got {indices[b]}.");
            }

            lengths[b] = Length(indices[b]);
        }

        int t = lengths.Max();
        var data = new float[indices.Count * t * f];
        for (int b = 0; b < indices.Count; b++)
        {
            float[,] s = Sequences[indices[b]];
            Buffer.BlockCopy(s, 0, data, b * t * f * sizeof(float), s.Length * sizeof(float));
        }

        return new SequenceBatch(Tensor.FromArray(data, indices.Count, t, f), lengths.All(l => l == t) ? null : lengths);
    }

    /// <summary>The sequences at <paramref name="indices"/>, in that order, as a new table (arrays shared).</summary>
    public SequenceTable Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        foreach (int i in indices)
        {
            if (i < 0 || i >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"sequence indices must be in [0, {Count}); got {i}.");
            }
        }

        return new SequenceTable(
            indices.Select(i => Ids[i]).ToArray(),
            indices.Select(i => Sequences[i]).ToArray(),
            FeatureColumns,
            Labels is null ? null : indices.Select(i => Labels[i]).ToArray(),
            ClassNames,
            Splits is null ? null : indices.Select(i => Splits[i]).ToArray(),
            indices.Select(i => Lines[i]).ToArray(),
            SourcePath);
    }

    /// <summary>The sequences of one split (classes kept, so indices stay comparable).</summary>
    /// <exception cref="InvalidOperationException">The table has no split column.</exception>
    public SequenceTable Part(SequenceSplit split)
    {
        if (Splits is null)
        {
            throw new InvalidOperationException("Part needs a table loaded with a split column; this one has none.");
        }

        return Select(Enumerable.Range(0, Count).Where(i => Splits[i] == split).ToArray());
    }

    /// <summary>The same table with other sequences of the same shapes (e.g. scaled ones).</summary>
    public SequenceTable WithSequences(IReadOnlyList<float[,]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        Check(sequences.Count == Count, nameof(sequences), $"{Count} sequences, got {sequences.Count}");
        for (int i = 0; i < Count; i++)
        {
            Check(sequences[i] is not null && sequences[i].GetLength(0) == Length(i) && sequences[i].GetLength(1) == FeatureCount,
                nameof(sequences), $"sequence {i} to keep its shape ({Length(i)}, {FeatureCount})");
        }

        return new SequenceTable(Ids, sequences, FeatureColumns, Labels, ClassNames, Splits, Lines, SourcePath, FilledCount);
    }

    private static void Check(bool condition, string paramName, string expected)
    {
        if (!condition)
        {
            throw new ArgumentException($"{paramName} must have {expected}.", paramName);
        }
    }
}
