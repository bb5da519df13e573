namespace Recur.Training;

/// <summary>
/// Training (or validation) data for <c>Model.Fit</c>: input sequences of variable length, each a tensor (T_i, F)
/// with the same F, and their targets, of one <see cref="SequenceTargetKind"/>. Create one with a factory per kind:
/// <see cref="ForSequenceClassification"/>, <see cref="ForStepClassification"/>, <see cref="ForSequenceRegression"/>,
/// <see cref="ForStepRegression"/>, <see cref="ForSequenceToSequence"/>. The factories validate everything (shapes,
/// finite values, label ranges) and name the index of a bad sequence. The tensors are kept by reference: do not
/// change them while training.
/// </summary>
public sealed class SequenceDataset
{
    private readonly Tensor[] _inputs;
    private readonly int[]? _sequenceLabels;
    private readonly int[][]? _stepLabels;
    private readonly Tensor[]? _values;

    private SequenceDataset(SequenceTargetKind kind, Tensor[] inputs, int[]? sequenceLabels, int[][]? stepLabels, Tensor[]? values, int classCount, int outputSize)
    {
        TargetKind = kind;
        _inputs = inputs;
        _sequenceLabels = sequenceLabels;
        _stepLabels = stepLabels;
        _values = values;
        ClassCount = classCount;
        OutputSize = outputSize;
        FeatureCount = inputs[0].Dims[1];
    }

    /// <summary>The kind of targets.</summary>
    public SequenceTargetKind TargetKind { get; }

    /// <summary>The number of sequences (≥ 1).</summary>
    public int Count => _inputs.Length;

    /// <summary>F, the input features of every sequence.</summary>
    public int FeatureCount { get; }

    /// <summary>C, the number of classes for the classification kinds (0 for regression).</summary>
    public int ClassCount { get; }

    /// <summary>O, the target values per sequence or per step for the regression kinds (0 for classification).</summary>
    public int OutputSize { get; }

    /// <summary>True for <see cref="SequenceTargetKind.SequenceClass"/>, <see cref="SequenceTargetKind.StepClasses"/> and <see cref="SequenceTargetKind.TokenSequence"/>.</summary>
    public bool IsClassification => ClassCount > 0;

    /// <summary>True when the targets are per time step or a token sequence (the model must output (B, T, ·)).</summary>
    public bool IsPerStep => TargetKind is SequenceTargetKind.StepClasses or SequenceTargetKind.StepValues or SequenceTargetKind.TokenSequence;

    /// <summary>The input sequences, each (T_i, F).</summary>
    public IReadOnlyList<Tensor> Inputs => _inputs;

    /// <summary>The class label of each sequence (<see cref="SequenceTargetKind.SequenceClass"/>); null otherwise.</summary>
    public IReadOnlyList<int>? SequenceLabels => _sequenceLabels;

    /// <summary>The labels of each sequence's steps (<see cref="SequenceTargetKind.StepClasses"/>, length T_i) or its target tokens (<see cref="SequenceTargetKind.TokenSequence"/>); null otherwise.</summary>
    public IReadOnlyList<int[]>? StepLabels => _stepLabels;

    /// <summary>The regression targets: (O) per sequence (<see cref="SequenceTargetKind.SequenceValues"/>) or (T_i, O) (<see cref="SequenceTargetKind.StepValues"/>); null otherwise.</summary>
    public IReadOnlyList<Tensor>? Values => _values;

    /// <summary>The length T_i of sequence <paramref name="index"/>.</summary>
    public int Length(int index) => _inputs[index].Dims[0];

    /// <summary>One class label per sequence.</summary>
    /// <param name="inputs">The sequences, each (T_i, F) with T_i ≥ 1 and the same F; finite values.</param>
    /// <param name="labels">One label per sequence, each in [0, C).</param>
    /// <param name="classCount">C; null (default) means the largest label + 1.</param>
    /// <exception cref="ArgumentException">A sequence or label is bad; the message names its index.</exception>
    public static SequenceDataset ForSequenceClassification(IReadOnlyList<Tensor> inputs, IReadOnlyList<int> labels, int? classCount = null)
    {
        Tensor[] x = CheckInputs(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        CheckCount(x.Length, labels.Count, nameof(labels));
        int[] y = [.. labels];
        int c = CheckLabels(y, classCount, nameof(labels), static i => $"labels[{i}]");
        return new SequenceDataset(SequenceTargetKind.SequenceClass, x, y, null, null, c, 0);
    }

    /// <summary>One class label per time step.</summary>
    /// <param name="inputs">The sequences, each (T_i, F).</param>
    /// <param name="labels">Per sequence, T_i labels, each in [0, C).</param>
    /// <param name="classCount">C; null (default) means the largest label + 1.</param>
    /// <exception cref="ArgumentException">A sequence or label is bad; the message names its index.</exception>
    public static SequenceDataset ForStepClassification(IReadOnlyList<Tensor> inputs, IReadOnlyList<int[]> labels, int? classCount = null)
    {
        Tensor[] x = CheckInputs(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        CheckCount(x.Length, labels.Count, nameof(labels));
        var y = new int[x.Length][];
        for (int i = 0; i < x.Length; i++)
        {
            int[] row = labels[i] ?? throw new ArgumentException($"SequenceDataset: labels[{i}] is null.", nameof(labels));
            if (row.Length != x[i].Dims[0])
            {
                throw new ArgumentException(
                    $"SequenceDataset: labels[{i}] must have one label per time step of inputs[{i}] ({x[i].Dims[0]}); got {row.Length}.", nameof(labels));
            }

            y[i] = (int[])row.Clone();
        }

        int c = CheckLabels(y, classCount, nameof(labels));
        return new SequenceDataset(SequenceTargetKind.StepClasses, x, null, y, null, c, 0);
    }

    /// <summary>One target token sequence per input sequence, of its own length (sequence-to-sequence).</summary>
    /// <param name="inputs">The source sequences, each (T_i, F) (token ids as (T_i, 1) for an <see cref="Models.EncoderDecoder"/>).</param>
    /// <param name="targets">Per sequence, a non-empty token sequence, each token in [0, C).</param>
    /// <param name="classCount">C, the target vocabulary; null (default) means the largest token + 1.</param>
    /// <exception cref="ArgumentException">A sequence or token is bad; the message names its index.</exception>
    public static SequenceDataset ForSequenceToSequence(IReadOnlyList<Tensor> inputs, IReadOnlyList<int[]> targets, int? classCount = null)
    {
        Tensor[] x = CheckInputs(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        CheckCount(x.Length, targets.Count, nameof(targets));
        var y = new int[x.Length][];
        for (int i = 0; i < x.Length; i++)
        {
            int[] row = targets[i] ?? throw new ArgumentException($"SequenceDataset: targets[{i}] is null.", nameof(targets));
            if (row.Length == 0)
            {
                throw new ArgumentException($"SequenceDataset: targets[{i}] must hold at least one token; got none.", nameof(targets));
            }

            y[i] = (int[])row.Clone();
        }

        int c = CheckLabels(y, classCount, nameof(targets));
        return new SequenceDataset(SequenceTargetKind.TokenSequence, x, null, y, null, c, 0);
    }

    /// <summary>One regression vector per sequence (e.g. the next H values of a series).</summary>
    /// <param name="inputs">The sequences, each (T_i, F).</param>
    /// <param name="targets">Per sequence, a vector (O) (a scalar tensor () counts as O = 1), the same O for all; finite values.</param>
    /// <exception cref="ArgumentException">A sequence or target is bad; the message names its index.</exception>
    public static SequenceDataset ForSequenceRegression(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets)
    {
        Tensor[] x = CheckInputs(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        CheckCount(x.Length, targets.Count, nameof(targets));
        var y = new Tensor[x.Length];
        int o = -1;
        for (int i = 0; i < x.Length; i++)
        {
            Tensor t = targets[i] ?? throw new ArgumentException($"SequenceDataset: targets[{i}] is null.", nameof(targets));
            if (t.Rank > 1 || t.Length == 0)
            {
                throw new ArgumentException(
                    $"SequenceDataset: targets[{i}] must be a non-empty vector (O); got shape {Tensor.FormatShape(t.Dims)}.", nameof(targets));
            }

            o = o < 0 ? t.Length : o;
            if (t.Length != o)
            {
                throw new ArgumentException(
                    $"SequenceDataset: every target must have the same size O = {o} (that of targets[0]); targets[{i}] has {t.Length}.", nameof(targets));
            }

            CheckFinite(t, $"targets[{i}]", nameof(targets));
            y[i] = t.Rank == 1 ? t : t.Detach().Reshape(1);
        }

        return new SequenceDataset(SequenceTargetKind.SequenceValues, x, null, null, y, 0, o);
    }

    /// <summary>Regression values per time step.</summary>
    /// <param name="inputs">The sequences, each (T_i, F).</param>
    /// <param name="targets">Per sequence, (T_i, O) with the same O for all; finite values.</param>
    /// <exception cref="ArgumentException">A sequence or target is bad; the message names its index.</exception>
    public static SequenceDataset ForStepRegression(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets)
    {
        Tensor[] x = CheckInputs(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        CheckCount(x.Length, targets.Count, nameof(targets));
        var y = new Tensor[x.Length];
        int o = -1;
        for (int i = 0; i < x.Length; i++)
        {
            Tensor t = targets[i] ?? throw new ArgumentException($"SequenceDataset: targets[{i}] is null.", nameof(targets));
            if (t.Rank != 2 || t.Dims[0] != x[i].Dims[0] || t.Dims[1] < 1)
            {
                throw new ArgumentException(
                    $"SequenceDataset: targets[{i}] must be (T_i, O) with T_i = {x[i].Dims[0]} (the length of inputs[{i}]) and O ≥ 1; got shape {Tensor.FormatShape(t.Dims)}.",
                    nameof(targets));
            }

            o = o < 0 ? t.Dims[1] : o;
            if (t.Dims[1] != o)
            {
                throw new ArgumentException(
                    $"SequenceDataset: every target must have the same O = {o} (that of targets[0]); targets[{i}] has {t.Dims[1]}.", nameof(targets));
            }

            CheckFinite(t, $"targets[{i}]", nameof(targets));
            y[i] = t;
        }

        return new SequenceDataset(SequenceTargetKind.StepValues, x, null, null, y, 0, o);
    }

    /// <summary>The sequences at <paramref name="indices"/> (in that order) with their targets, as a new dataset of the same kind.</summary>
    /// <exception cref="ArgumentException">No index, or an index is outside [0, Count).</exception>
    public SequenceDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0)
        {
            throw new ArgumentException("SequenceDataset.Subset: indices must not be empty.", nameof(indices));
        }

        for (int k = 0; k < indices.Count; k++)
        {
            if ((uint)indices[k] >= (uint)Count)
            {
                throw new ArgumentException($"SequenceDataset.Subset: indices[{k}] must be in [0, {Count}); got {indices[k]}.", nameof(indices));
            }
        }

        return new SequenceDataset(
            TargetKind,
            [.. indices.Select(i => _inputs[i])],
            _sequenceLabels is null ? null : [.. indices.Select(i => _sequenceLabels[i])],
            _stepLabels is null ? null : [.. indices.Select(i => _stepLabels[i])],
            _values is null ? null : [.. indices.Select(i => _values[i])],
            ClassCount,
            OutputSize);
    }

    private static Tensor[] CheckInputs(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("SequenceDataset: inputs must hold at least one sequence; got none.", nameof(inputs));
        }

        var x = new Tensor[inputs.Count];
        int f = -1;
        for (int i = 0; i < x.Length; i++)
        {
            Tensor s = inputs[i] ?? throw new ArgumentException($"SequenceDataset: inputs[{i}] is null.", nameof(inputs));
            if (s.Rank != 2 || s.Dims[0] < 1 || s.Dims[1] < 1)
            {
                throw new ArgumentException(
                    $"SequenceDataset: inputs[{i}] must be a sequence (T_i, F) with T_i ≥ 1 and F ≥ 1; got shape {Tensor.FormatShape(s.Dims)}.", nameof(inputs));
            }

            f = f < 0 ? s.Dims[1] : f;
            if (s.Dims[1] != f)
            {
                throw new ArgumentException(
                    $"SequenceDataset: every sequence must have the same F = {f} features (those of inputs[0]); inputs[{i}] has {s.Dims[1]}.", nameof(inputs));
            }

            CheckFinite(s, $"inputs[{i}]", nameof(inputs));
            x[i] = s;
        }

        return x;
    }

    private static void CheckFinite(Tensor t, string what, string paramName)
    {
        ReadOnlySpan<float> v = t.AsReadOnlySpan();
        for (int k = 0; k < v.Length; k++)
        {
            if (!float.IsFinite(v[k]))
            {
                throw new ArgumentException($"SequenceDataset: {what} must hold finite values; element {k} is {v[k]}.", paramName);
            }
        }
    }

    private static void CheckCount(int count, int targets, string paramName)
    {
        if (targets != count)
        {
            throw new ArgumentException($"SequenceDataset: {paramName} must have one entry per input sequence ({count}); got {targets}.", paramName);
        }
    }

    private static int CheckLabels(int[] labels, int? classCount, string paramName, Func<int, string> name)
    {
        int max = labels.Max();
        int c = CheckClassCount(classCount, max, paramName);
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)c)
            {
                throw new ArgumentException($"SequenceDataset: {name(i)} must be a class index in [0, {c}); got {labels[i]}.", paramName);
            }
        }

        return c;
    }

    private static int CheckLabels(int[][] labels, int? classCount, string paramName)
    {
        int max = labels.Max(static r => r.Max());
        int c = CheckClassCount(classCount, max, paramName);
        for (int i = 0; i < labels.Length; i++)
        {
            for (int t = 0; t < labels[i].Length; t++)
            {
                if ((uint)labels[i][t] >= (uint)c)
                {
                    throw new ArgumentException(
                        $"SequenceDataset: {paramName}[{i}][{t}] must be a class index in [0, {c}); got {labels[i][t]}.", paramName);
                }
            }
        }

        return c;
    }

    private static int CheckClassCount(int? classCount, int maxLabel, string paramName)
    {
        if (classCount is { } given && given < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), given, $"SequenceDataset: classCount must be ≥ 1; got {given}.");
        }

        int c = classCount ?? maxLabel + 1;
        if (c < 1)
        {
            throw new ArgumentException($"SequenceDataset: {paramName} must hold class indices ≥ 0; the largest is {maxLabel}.", paramName);
        }

        return c;
    }
}
