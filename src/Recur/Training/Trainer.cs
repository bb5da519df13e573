using System.Diagnostics;
using System.Globalization;
using Recur.Autograd;
using Recur.Layers;
using Recur.Models;
using Recur.Modules;
using Recur.Optim;

namespace Recur.Training;

/// <summary>
/// The training loop behind <c>Model.Fit</c>: one run over <see cref="TrainingOptions.MaxEpochs"/> epochs of
/// mini-batches with validation, early stopping, schedules, clipping, checkpoints, events and the metadata it leaves
/// in the model. Everything random is drawn from counter-based streams of <see cref="TrainingOptions.Seed"/>.
/// </summary>
internal sealed class Trainer
{
    private const ulong ShuffleSalt = 0x5AFF_1E00_0000_0001UL;
    private const ulong LayerSalt = 0x1A7E_5EED_0000_0002UL;
    private const ulong TeacherSalt = 0x7EAC_4E55_0000_0003UL;

    private readonly Model _model;
    private readonly SequenceDataset _train;
    private readonly TrainingOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly TrainingLoss _loss;
    private readonly TrainingLoss? _validationLoss;
    private readonly (string Name, Tensor Parameter)[] _parameters;
    private readonly IStatefulLayer[] _statefulLayers;
    private readonly Stopwatch _clock = new();
    private ulong _shuffleCounter;

    /// <summary>Checks the data and options against each other and the model.</summary>
    public Trainer(Model model, SequenceDataset train, TrainingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _train = train;
        _options = options;
        _cancellationToken = cancellationToken;
        if (options.ValidationData is { } validation)
        {
            if (validation.TargetKind != train.TargetKind || validation.FeatureCount != train.FeatureCount
                || validation.OutputSize != train.OutputSize || validation.ClassCount > train.ClassCount)
            {
                throw new ArgumentException(
                    $"TrainingOptions.ValidationData must match the training data: {train.TargetKind} with F = {train.FeatureCount}, " +
                    $"C = {train.ClassCount}, O = {train.OutputSize}; got {validation.TargetKind} with F = {validation.FeatureCount}, " +
                    $"C = {validation.ClassCount}, O = {validation.OutputSize}.", nameof(options));
            }
        }

        if (train.TargetKind == SequenceTargetKind.TokenSequence && options.SequenceLength.Mode != SequenceLengthMode.Longest)
        {
            throw new ArgumentException(
                $"TrainingOptions.SequenceLength: sequence-to-sequence targets need SequenceLength.Longest; got {options.SequenceLength}.", nameof(options));
        }

        _parameters = [.. model.NamedParameters().Where(static p => p.Parameter.RequiresGrad)];
        if (_parameters.Length == 0)
        {
            throw new ArgumentException($"{model.DisplayName}: the model has no trainable parameters.", nameof(model));
        }

        _statefulLayers = [.. model.NamedModules().Select(static m => m.Module).OfType<IStatefulLayer>()];
        if (options.SequenceLength.Mode == SequenceLengthMode.Chunks && _statefulLayers.Length == 0)
        {
            throw new ArgumentException(
                $"TrainingOptions.SequenceLength: chunks (truncated BPTT) carry the state through IStatefulLayer modules, but {model.DisplayName} has none.", nameof(options));
        }

        bool probabilities = model.OutputsProbabilities;
        _loss = new TrainingLoss(train, options, probabilities);
        _validationLoss = options.ValidationData is null ? null : new TrainingLoss(options.ValidationData, options, probabilities);
    }

    /// <summary>Runs the training.</summary>
    public TrainingHistory Run()
    {
        _clock.Start();
        Optimizer optimizer = CreateOptimizer();
        LrScheduler? schedule = CreateSchedule(optimizer);
        ReduceLrOnPlateau? plateau = _options.LearnRateSchedule == LearnRateSchedule.ReduceOnPlateau
            ? new ReduceLrOnPlateau(optimizer, PlateauMode.Min, _options.LearnRateDropFactor, _options.LearnRateDropPeriod, minLr: _options.MinLearnRate)
            : null;

        var modes = _model.NamedModules().Select(static m => (m.Module, m.Module.IsTraining)).ToArray();
        bool[] statefulFlags = [.. _statefulLayers.Select(static s => s.Stateful)];
        var epochs = new List<EpochRecord>();
        TrainingStopReason stop = TrainingStopReason.MaxEpochs;
        OrderedDictionary<string, Tensor>? best = null;
        int? bestEpoch = null;
        double bestLoss = double.PositiveInfinity;
        int badValidations = 0;
        int iteration = 0;
        bool restored = false;
        try
        {
            PrepareLayers();
            int n = _train.Count;
            int perEpoch = (n + _options.MiniBatchSize - 1) / _options.MiniBatchSize;
            int total = perEpoch * _options.MaxEpochs;
            int[] order = [.. Enumerable.Range(0, n)];
            if (_options.Shuffle != ShuffleMode.Never)
            {
                Shuffle(order);
            }

            for (int epoch = 1; epoch <= _options.MaxEpochs && stop == TrainingStopReason.MaxEpochs; epoch++)
            {
                if (epoch > 1 && _options.Shuffle == ShuffleMode.EveryEpoch)
                {
                    Shuffle(order);
                }

                var epochStats = new BatchStats();
                double epochLr = optimizer.LearningRate;
                int done = 0;
                for (int start = 0; start < n; start += _options.MiniBatchSize)
                {
                    if (_cancellationToken.IsCancellationRequested)
                    {
                        stop = TrainingStopReason.Cancelled;
                        break;
                    }

                    iteration++;
                    done++;
                    int[] batch = order[start..Math.Min(n, start + _options.MiniBatchSize)];
                    double lr = optimizer.LearningRate;
                    BatchStats stats = TrainStep(optimizer, batch, epoch, iteration);
                    epochStats.Add(stats);

                    double? valLoss = null;
                    double? valMetric = null;
                    bool lastOfEpoch = start + _options.MiniBatchSize >= n;
                    if (_options.ValidationData is not null && !lastOfEpoch && iteration % _options.ValidationFrequency == 0)
                    {
                        (valLoss, valMetric) = Validate();
                        Track(valLoss.Value, epoch, ref best, ref bestEpoch, ref bestLoss, ref badValidations, ref stop);
                    }

                    TimeSpan elapsed = _clock.Elapsed;
                    var progress = new TrainingProgress(
                        epoch, iteration, perEpoch, total, stats.Loss(_loss.IsClassification), stats.Metric(_loss.IsClassification), lr,
                        elapsed, TimeSpan.FromTicks((long)(elapsed.Ticks / (double)iteration * (total - iteration))), valLoss, valMetric);
                    _options.OnIteration?.Invoke(progress);
                    _options.Progress?.Report(progress);
                    if (stop != TrainingStopReason.MaxEpochs)
                    {
                        break;
                    }
                }

                if (done == 0)
                {
                    break;
                }

                double? epochValLoss = null;
                double? epochValMetric = null;
                if (_options.ValidationData is not null && stop != TrainingStopReason.Cancelled)
                {
                    (epochValLoss, epochValMetric) = Validate();
                    if (stop == TrainingStopReason.MaxEpochs)
                    {
                        Track(epochValLoss.Value, epoch, ref best, ref bestEpoch, ref bestLoss, ref badValidations, ref stop);
                    }
                }

                var record = new EpochRecord(
                    epoch, iteration, epochStats.Loss(_loss.IsClassification), epochStats.Metric(_loss.IsClassification),
                    epochValLoss, epochValMetric, epochLr, _clock.Elapsed);
                epochs.Add(record);
                _options.OnEpoch?.Invoke(record);
                if (stop == TrainingStopReason.Cancelled)
                {
                    break;
                }

                schedule?.Step();
                plateau?.Step(epochValLoss ?? record.TrainingLoss);
                if (_options.CheckpointPath is { } folder && epoch % _options.CheckpointFrequency == 0)
                {
                    RecordMetadata(epochs, bestEpoch, bestLoss);
                    Directory.CreateDirectory(folder);
                    _model.Save(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"checkpoint-epoch{epoch:D4}.recur")));
                }
            }

            if (_options.RestoreBestWeights && best is not null)
            {
                _model.LoadStateDict(best);
                restored = true;
            }
        }
        finally
        {
            for (int i = 0; i < _statefulLayers.Length; i++)
            {
                _statefulLayers[i].Stateful = statefulFlags[i];
                _statefulLayers[i].ResetState();
            }

            foreach ((Module module, bool training) in modes)
            {
                module.Train(training);
            }

            _model.ZeroGrad();
        }

        RecordMetadata(epochs, bestEpoch, bestLoss);
        return new TrainingHistory(epochs, stop, iteration, bestEpoch, bestEpoch is null ? null : bestLoss, restored, _clock.Elapsed);
    }

    /// <summary>Loss and metric of <paramref name="data"/> in eval mode without gradients, batched like training.</summary>
    internal static (double Loss, double Metric) Evaluate(Model model, SequenceDataset data, TrainingLoss loss, TrainingOptions options, IStatefulLayer[] stateful)
    {
        var modes = model.NamedModules().Select(static m => (m.Module, m.Module.IsTraining)).ToArray();
        model.Eval();
        var stats = new BatchStats();
        try
        {
            using NoGradScope noGrad = GradMode.NoGrad();
            int[] order = [.. Enumerable.Range(0, data.Count)];
            for (int start = 0; start < order.Length; start += options.MiniBatchSize)
            {
                int[] batch = order[start..Math.Min(order.Length, start + options.MiniBatchSize)];
                BatchPlan plan = BatchPlan.Create(data, batch, options.SequenceLength, options.SequencePaddingDirection);
                foreach (IReadOnlyList<SequenceWindow[]> group in plan.Groups)
                {
                    foreach (IStatefulLayer s in stateful)
                    {
                        s.Stateful = plan.UsesChunks;
                        s.ResetState();
                    }

                    foreach (SequenceWindow[] windows in group)
                    {
                        (Tensor x, int[]? lengths, int t) = BatchPlan.Pad(data, windows);
                        Tensor output = model.ForwardForTraining(new SequenceBatch(x, lengths), Tokens(data, windows), 0.0, 0);
                        loss.Compute(output, windows, t, model.DisplayName, stats);
                    }
                }
            }
        }
        finally
        {
            foreach ((Module module, bool training) in modes)
            {
                module.Train(training);
            }
        }

        return (stats.Loss(loss.IsClassification), stats.Metric(loss.IsClassification));
    }

    private (double Loss, double Metric) Validate() => Evaluate(_model, _options.ValidationData!, _validationLoss!, _options, _statefulLayers);

    private void Track(double validationLoss, int epoch, ref OrderedDictionary<string, Tensor>? best, ref int? bestEpoch, ref double bestLoss, ref int bad, ref TrainingStopReason stop)
    {
        if (validationLoss < bestLoss || bestEpoch is null)
        {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            bad = 0;
            if (_options.RestoreBestWeights)
            {
                best = Snapshot();
            }
        }
        else
        {
            bad++;
            if (_options.ValidationPatience is { } patience && bad >= patience)
            {
                stop = TrainingStopReason.EarlyStopping;
            }
        }
    }

    private OrderedDictionary<string, Tensor> Snapshot()
    {
        var copy = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, Tensor> kv in _model.StateDict())
        {
            copy.Add(kv.Key, kv.Value.Clone());
        }

        return copy;
    }

    private BatchStats TrainStep(Optimizer optimizer, int[] batch, int epoch, int iteration)
    {
        _model.Train();
        _model.ZeroGrad(setToNone: false); // the gradient buffers are reused from step to step
        BatchPlan plan = BatchPlan.Create(_train, batch, _options.SequenceLength, _options.SequencePaddingDirection);
        float scale = (float)(1.0 / _loss.Normalizer(plan));
        var stats = new BatchStats();
        ulong teacherSeed = CounterRandom.Next(_options.Seed ^ TeacherSalt, (ulong)iteration);
        foreach (IReadOnlyList<SequenceWindow[]> group in plan.Groups)
        {
            foreach (IStatefulLayer s in _statefulLayers)
            {
                s.Stateful = plan.UsesChunks;
                s.ResetState();
            }

            foreach (SequenceWindow[] windows in group)
            {
                bool anyTarget = (_train.IsPerStep && _train.TargetKind != SequenceTargetKind.TokenSequence) || windows.Any(static w => w.HasSequenceTarget);
                (Tensor x, int[]? lengths, int t) = BatchPlan.Pad(_train, windows);
                if (!anyTarget)
                {
                    // Earlier chunks of per-sequence targets only carry the state forward: no loss, no graph.
                    using NoGradScope noGrad = GradMode.NoGrad();
                    _model.ForwardForTraining(new SequenceBatch(x, lengths), null, _options.TeacherForcingRatio, teacherSeed);
                    continue;
                }

                Tensor output = _model.ForwardForTraining(new SequenceBatch(x, lengths), Tokens(_train, windows), _options.TeacherForcingRatio, teacherSeed);
                Tensor? loss = _loss.Compute(output, windows, t, _model.DisplayName, stats);
                if (loss is null)
                {
                    continue;
                }

                float value = loss.Item();
                if (!float.IsFinite(value))
                {
                    throw new TrainingDivergedException(epoch, iteration, value, "loss");
                }

                (loss * scale).Backward();
            }
        }

        double batchLoss = stats.LossSum / _loss.Normalizer(plan);
        ApplyL2();
        Clip();
        foreach ((string name, Tensor p) in _parameters)
        {
            if (p.Grad is { } g && !AllFinite(g.AsReadOnlySpan()))
            {
                throw new TrainingDivergedException(epoch, iteration, batchLoss, $"gradient of {name}");
            }
        }

        optimizer.Step();
        return stats;
    }

    private static IReadOnlyList<int[]>? Tokens(SequenceDataset data, SequenceWindow[] windows) =>
        data.TargetKind == SequenceTargetKind.TokenSequence ? [.. windows.Select(w => data.StepLabels![w.Index])] : null;

    private void ApplyL2()
    {
        float lambda = (float)_options.L2Regularization;
        if (lambda == 0f)
        {
            return;
        }

        foreach ((string name, Tensor p) in _parameters)
        {
            if (p.Grad is { } g && !name.Contains("bias", StringComparison.OrdinalIgnoreCase))
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(p.AsReadOnlySpan(), lambda, g.AsReadOnlySpan(), g.AsSpan());
            }
        }
    }

    private void Clip()
    {
        if (_options.GradientThreshold is not { } threshold || double.IsPositiveInfinity(threshold))
        {
            return;
        }

        float max = (float)threshold;
        switch (_options.GradientThresholdMethod)
        {
            case GradientThresholdMethod.GlobalL2Norm:
                GradClip.ClipGradNorm(_parameters.Select(static p => p.Parameter), max);
                break;
            case GradientThresholdMethod.AbsoluteValue:
                GradClip.ClipGradValue(_parameters.Select(static p => p.Parameter), max);
                break;
            default:
                foreach ((_, Tensor p) in _parameters)
                {
                    GradClip.ClipGradNorm([p], max);
                }

                break;
        }
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private void PrepareLayers()
    {
        ulong position = 0;
        foreach ((_, Module module) in _model.NamedModules())
        {
            if (module is IStochasticLayer stochastic)
            {
                stochastic.Reseed(CounterRandom.Next(_options.Seed ^ LayerSalt, position));
            }

            if (module is INormalizingLayer { IsFitted: false } normalizing)
            {
                normalizing.FitStatistics(_train.Inputs);
            }

            position++;
        }
    }

    private void Shuffle(int[] order)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(CounterRandom.Next(_options.Seed ^ ShuffleSalt, _shuffleCounter++) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private Optimizer CreateOptimizer()
    {
        IEnumerable<Tensor> p = _parameters.Select(static x => x.Parameter);
        double lr = _options.EffectiveInitialLearnRate;
        double beta2 = _options.EffectiveSquaredGradientDecayFactor;
        return _options.Optimizer switch
        {
            OptimizerKind.SgdMomentum => new Sgd(p, lr, momentum: _options.Momentum),
            OptimizerKind.RmsProp => new RmsProp(p, lr, alpha: beta2, eps: _options.Epsilon),
            OptimizerKind.AdamW => new AdamW(p, lr, _options.GradientDecayFactor, beta2, _options.Epsilon, _options.WeightDecay),
            _ => new Adam(p, lr, _options.GradientDecayFactor, beta2, _options.Epsilon),
        };
    }

    private LrScheduler? CreateSchedule(Optimizer optimizer) => _options.LearnRateSchedule switch
    {
        LearnRateSchedule.Step => new StepLr(optimizer, _options.LearnRateDropPeriod, _options.LearnRateDropFactor),
        LearnRateSchedule.Exponential => new ExponentialLr(optimizer, _options.LearnRateDropFactor),
        LearnRateSchedule.Cosine => new CosineAnnealingLr(optimizer, _options.MaxEpochs, _options.MinLearnRate),
        _ => null,
    };

    private void RecordMetadata(List<EpochRecord> epochs, int? bestEpoch, double bestLoss)
    {
        ModelMetadata meta = _model.Metadata;
        meta.TrainingOptions = _options.ToJson();
        meta.History.Clear();
        meta.Metrics.Clear();
        if (epochs.Count == 0)
        {
            return;
        }

        string metric = _loss.IsClassification ? "accuracy" : "rmse";
        meta.History["epoch"] = [.. epochs.Select(static e => (double)e.Epoch)];
        meta.History["loss"] = [.. epochs.Select(static e => e.TrainingLoss)];
        meta.History[metric] = [.. epochs.Select(static e => e.TrainingMetric)];
        meta.History["learning_rate"] = [.. epochs.Select(static e => e.LearningRate)];
        meta.History["elapsed_seconds"] = [.. epochs.Select(static e => e.Elapsed.TotalSeconds)];
        EpochRecord last = epochs[^1];
        meta.Metrics["loss"] = last.TrainingLoss;
        meta.Metrics[metric] = last.TrainingMetric;
        meta.Metrics["epochs"] = epochs.Count;
        meta.Metrics["iterations"] = last.Iterations;
        if (_options.ValidationData is not null && epochs.Any(static e => e.ValidationLoss is not null))
        {
            meta.History["val_loss"] = [.. epochs.Select(static e => e.ValidationLoss ?? double.NaN)];
            meta.History["val_" + metric] = [.. epochs.Select(static e => e.ValidationMetric ?? double.NaN)];
            EpochRecord lastValidated = epochs.Last(static e => e.ValidationLoss is not null);
            meta.Metrics["val_loss"] = lastValidated.ValidationLoss!.Value;
            meta.Metrics["val_" + metric] = lastValidated.ValidationMetric!.Value;
            if (bestEpoch is not null)
            {
                meta.Metrics["best_val_loss"] = bestLoss;
                meta.Metrics["best_epoch"] = bestEpoch.Value;
            }
        }
    }
}
