using Recur.Losses;

namespace Recur.Training;

/// <summary>
/// The loss of training and validation: selects the model outputs that have targets (the last valid step for
/// per-sequence targets, the valid steps for per-step targets), applies the loss with Sum reduction, and keeps the
/// metric sums. Padding never reaches the loss.
/// </summary>
internal sealed class TrainingLoss
{
    private const float ProbabilityFloor = 1e-20f;

    private readonly SequenceDataset _data;
    private readonly bool _probabilities;
    private readonly CrossEntropyLoss? _crossEntropy;
    private readonly Func<Tensor, Tensor, Tensor>? _regression;

    /// <summary>Resolves the loss of <paramref name="options"/> for the targets of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The loss does not fit the targets (e.g. cross-entropy for regression).</exception>
    public TrainingLoss(SequenceDataset data, TrainingOptions options, bool outputsProbabilities)
    {
        _data = data;
        _probabilities = outputsProbabilities;
        LossKind kind = options.Loss;
        if (data.IsClassification)
        {
            if (kind is not (LossKind.Auto or LossKind.CrossEntropy))
            {
                throw new ArgumentException(
                    $"TrainingOptions.Loss: {kind} is a regression loss but the data holds class labels ({data.TargetKind}); use CrossEntropy or Auto.", nameof(options));
            }

            Kind = LossKind.CrossEntropy;
            _crossEntropy = new CrossEntropyLoss(labelSmoothing: (float)options.LabelSmoothing, reduction: Reduction.Sum);
        }
        else
        {
            if (kind == LossKind.CrossEntropy)
            {
                throw new ArgumentException(
                    $"TrainingOptions.Loss: CrossEntropy needs class labels but the data holds regression targets ({data.TargetKind}).", nameof(options));
            }

            Kind = kind == LossKind.Auto ? LossKind.MeanSquaredError : kind;
            var huber = new HuberLoss((float)options.HuberDelta, Reduction.Sum);
            var mse = new MseLoss(Reduction.Sum);
            var mae = new MaeLoss(Reduction.Sum);
            _regression = Kind switch
            {
                LossKind.MeanAbsoluteError => mae.Forward,
                LossKind.Huber => huber.Forward,
                _ => mse.Forward,
            };
        }
    }

    /// <summary>The resolved loss (never Auto).</summary>
    public LossKind Kind { get; }

    /// <summary>True for class labels.</summary>
    public bool IsClassification => _data.IsClassification;

    /// <summary>The normaliser of a plan: units for classification, units × O for regression.</summary>
    public double Normalizer(BatchPlan plan) => IsClassification ? plan.LossUnits : (double)plan.LossUnits * _data.OutputSize;

    /// <summary>
    /// The summed loss of one forward call (null when no window of the call has a target), added into
    /// <paramref name="stats"/>.
    /// </summary>
    /// <param name="output">The model output: (B, C|O) or (B, T', C|O).</param>
    /// <param name="windows">The call's windows (B).</param>
    /// <param name="paddedLength">T of the padded input.</param>
    /// <param name="model">The model's name, for messages.</param>
    /// <param name="stats">Receives the loss and metric sums.</param>
    public Tensor? Compute(Tensor output, SequenceWindow[] windows, int paddedLength, string model, BatchStats stats)
    {
        int b = windows.Length;
        int width = IsClassification ? _data.ClassCount : _data.OutputSize;
        string what = IsClassification ? $"C = {width} class scores" : $"O = {width} values";
        if (output.Rank is not (2 or 3) || output.Dims[0] != b || output.Dims[^1] != width)
        {
            throw new InvalidOperationException(
                $"{model}: the model output must be (B, {width}) or (B, T, {width}) with B = {b} ({what} for the {_data.TargetKind} targets); got {Tensor.FormatShape(output.Dims)}.");
        }

        var rows = new List<int>();
        var labels = new List<int>();
        var values = new List<float>();
        switch (_data.TargetKind)
        {
            case SequenceTargetKind.SequenceClass or SequenceTargetKind.SequenceValues:
            {
                int t = output.Rank == 3 ? output.Dims[1] : 1;
                if (output.Rank == 3 && t != paddedLength)
                {
                    throw new InvalidOperationException(
                        $"{model}: a sequence output must keep the input's T = {paddedLength} steps to find each sequence's last valid step; got {Tensor.FormatShape(output.Dims)}.");
                }

                for (int k = 0; k < b; k++)
                {
                    SequenceWindow w = windows[k];
                    if (!w.HasSequenceTarget)
                    {
                        continue;
                    }

                    rows.Add(output.Rank == 3 ? (k * t) + w.Length - 1 : k);
                    if (IsClassification)
                    {
                        labels.Add(_data.SequenceLabels![w.Index]);
                    }
                    else
                    {
                        values.AddRange(_data.Values![w.Index].AsReadOnlySpan());
                    }
                }

                break;
            }

            case SequenceTargetKind.StepClasses or SequenceTargetKind.StepValues:
            {
                if (output.Rank != 3 || output.Dims[1] != paddedLength)
                {
                    throw new InvalidOperationException(
                        $"{model}: per-step targets need a sequence output (B, T, {width}) with T = {paddedLength}; got {Tensor.FormatShape(output.Dims)} (set the recurrent layer's output mode to the whole sequence).");
                }

                for (int k = 0; k < b; k++)
                {
                    SequenceWindow w = windows[k];
                    for (int s = 0; s < w.Length; s++)
                    {
                        rows.Add((k * paddedLength) + s);
                        if (IsClassification)
                        {
                            labels.Add(_data.StepLabels![w.Index][w.Start + s]);
                        }
                        else
                        {
                            int o = _data.OutputSize;
                            values.AddRange(_data.Values![w.Index].AsReadOnlySpan().Slice((w.Start + s) * o, o));
                        }
                    }
                }

                break;
            }

            default:
            {
                int longest = windows.Where(static w => w.HasSequenceTarget).Select(w => _data.StepLabels![w.Index].Length).DefaultIfEmpty(0).Max();
                if (output.Rank != 3 || output.Dims[1] < longest)
                {
                    throw new InvalidOperationException(
                        $"{model}: sequence-to-sequence targets need an output (B, T_target, {width}) with T_target ≥ {longest}; got {Tensor.FormatShape(output.Dims)}.");
                }

                int t = output.Dims[1];
                for (int k = 0; k < b; k++)
                {
                    if (!windows[k].HasSequenceTarget)
                    {
                        continue;
                    }

                    int[] target = _data.StepLabels![windows[k].Index];
                    for (int s = 0; s < target.Length; s++)
                    {
                        rows.Add((k * t) + s);
                        labels.Add(target[s]);
                    }
                }

                break;
            }
        }

        if (rows.Count == 0)
        {
            return null;
        }

        Tensor flat = output.Rank == 3 ? output.Reshape(output.Dims[0] * output.Dims[1], width) : output;
        Tensor selected = rows.Count == flat.Dims[0] && IsIdentity(rows) ? flat : flat.IndexSelect(0, [.. rows]);
        Tensor loss;
        if (IsClassification)
        {
            Tensor logits = _probabilities ? (selected + ProbabilityFloor).Log() : selected;
            int[] targets = [.. labels];
            loss = _crossEntropy!.Forward(logits, targets);
            stats.Correct += CountCorrect(selected.AsReadOnlySpan(), targets, width);
            stats.Units += targets.Length;
        }
        else
        {
            Tensor target = Tensor.Wrap([.. values], [rows.Count, width]);
            loss = _regression!(selected, target);
            stats.SquaredError += SquaredError(selected.AsReadOnlySpan(), target.AsReadOnlySpan());
            stats.Units += rows.Count;
            stats.Elements += values.Count;
        }

        stats.LossSum += loss.Item();
        return loss;
    }

    private static bool IsIdentity(List<int> rows)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] != i)
            {
                return false;
            }
        }

        return true;
    }

    private static long CountCorrect(ReadOnlySpan<float> scores, int[] targets, int classes)
    {
        long correct = 0;
        for (int r = 0; r < targets.Length; r++)
        {
            if (ArgMax(scores.Slice(r * classes, classes)) == targets[r])
            {
                correct++;
            }
        }

        return correct;
    }

    /// <summary>The index of the largest value (the first one on ties; NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static double SquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }
}
