using Recur.Layers;
using Recur.Models;
using Recur.Kernels;
using Recur.Losses;
using Recur.Training;
using Xunit;

namespace Recur.Tests.Training;

public sealed class FitTests
{
    private static TrainingOptions Sgd(int maxEpochs = 1, int miniBatchSize = 1000) => new()
    {
        Optimizer = OptimizerKind.SgdMomentum,
        Momentum = 0,
        InitialLearnRate = 1.0,
        L2Regularization = 0,
        MaxEpochs = maxEpochs,
        MiniBatchSize = miniBatchSize,
        Shuffle = ShuffleMode.Never,
    };

    [Fact]
    public void LearnsSequenceClassification()
    {
        SequenceDataset data = TrainingData.SignOfSum(1, 64);
        var model = new TinyLstmModel(1, 8, 2, sequenceOutput: false);
        TrainingHistory h = model.Fit(data, new TrainingOptions { MaxEpochs = 40, MiniBatchSize = 16, InitialLearnRate = 0.02, Seed = 3 });

        Assert.Equal(40, h.Epochs.Count);
        Assert.Equal(TrainingStopReason.MaxEpochs, h.StopReason);
        Assert.Equal(160, h.Iterations);
        // The loss falls at least 4×, and the classifier is right on at least 90% of the training sequences.
        Assert.True(h.Epochs[^1].TrainingLoss < h.Epochs[0].TrainingLoss / 4, $"loss {h.Epochs[0].TrainingLoss} → {h.Epochs[^1].TrainingLoss}");
        int correct = model.Classify(data.Inputs).Select((r, i) => r.Label == data.SequenceLabels![i] ? 1 : 0).Sum();
        Assert.True(correct >= 58, $"correct {correct}/64");
        Assert.Equal(h.Epochs[^1].TrainingMetric, model.Metadata.Metrics["accuracy"]);
        Assert.Equal(40, model.Metadata.History["loss"].Count);
        Assert.Equal("Adam", model.Metadata.TrainingOptions!["optimizer"]!.GetValue<string>());
        Assert.True(model.IsTraining);
    }

    [Fact]
    public void LearnsPerStepRegression()
    {
        SequenceDataset data = TrainingData.RunningMean(2, 48);
        var model = new TinyLstmModel(1, 8, 1, sequenceOutput: true);
        TrainingHistory h = model.Fit(data, new TrainingOptions { MaxEpochs = 30, MiniBatchSize = 12, InitialLearnRate = 0.02 });
        Assert.True(h.Epochs[^1].TrainingLoss < h.Epochs[0].TrainingLoss / 5, $"loss {h.Epochs[0].TrainingLoss} → {h.Epochs[^1].TrainingLoss}");
        Assert.True(model.Metadata.Metrics["rmse"] < 0.1, $"rmse {model.Metadata.Metrics["rmse"]}");
        Assert.Equal(Math.Sqrt(h.Epochs[^1].TrainingLoss), h.Epochs[^1].TrainingMetric, 6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PaddedBatchGivesTheGradientOfTheSequencesAlone(bool perStep)
    {
        // With SGD (lr 1, no momentum, no L2) one step moves the weights by −gradient. The padded batch's step must
        // equal the loss-weighted mean of the steps of each sequence alone (no padding at all).
        SequenceDataset data = perStep ? TrainingData.RunningMean(5, 4, 2, 7) : TrainingData.SumAndMean(5, 4, 2, 7);
        var batched = new TinyLstmModel(1, 5, perStep ? 1 : 2, sequenceOutput: perStep, seed: 9);
        float[] w0 = batched.Weights();
        batched.Fit(data, Sgd());
        float[] deltaBatch = Delta(w0, batched.Weights());

        var expected = new double[w0.Length];
        double total = perStep ? Enumerable.Range(0, data.Count).Sum(data.Length) : data.Count;
        for (int i = 0; i < data.Count; i++)
        {
            var alone = new TinyLstmModel(1, 5, perStep ? 1 : 2, sequenceOutput: perStep, seed: 9);
            alone.Fit(data.Subset([i]), Sgd());
            float[] d = Delta(w0, alone.Weights());
            double weight = (perStep ? data.Length(i) : 1) / total;
            for (int k = 0; k < d.Length; k++)
            {
                expected[k] += weight * d[k];
            }
        }

        Assert.Contains(deltaBatch, static v => Math.Abs(v) > 1e-4);
        for (int k = 0; k < w0.Length; k++)
        {
            Assert.True(Math.Abs(deltaBatch[k] - expected[k]) <= 2e-5 + (1e-4 * Math.Abs(expected[k])), $"weight {k}: {deltaBatch[k]} vs {expected[k]}");
        }
    }

    [Fact]
    public void LeftAndRightPaddingGiveTheSameWeightsForWholeSequences()
    {
        SequenceDataset data = TrainingData.RunningMean(6, 20);
        var right = new TinyLstmModel(1, 6, 1, sequenceOutput: true);
        var left = new TinyLstmModel(1, 6, 1, sequenceOutput: true);
        var options = new TrainingOptions { MaxEpochs = 2, MiniBatchSize = 5 };
        right.Fit(data, options);
        left.Fit(data, options with { SequencePaddingDirection = SequencePaddingDirection.Left });
        Assert.Equal(right.Weights(), left.Weights());
    }

    [Theory]
    [InlineData(GradientThresholdMethod.GlobalL2Norm)]
    [InlineData(GradientThresholdMethod.L2Norm)]
    [InlineData(GradientThresholdMethod.AbsoluteValue)]
    public void GradientClippingIsApplied(GradientThresholdMethod method)
    {
        SequenceDataset data = TrainingData.SumAndMean(8, 6, 5, 5);
        const float Threshold = 0.05f;

        // The gradient, computed independently: the same model, the whole batch (equal lengths), MSE.
        var reference = new TinyLstmModel(1, 4, 2, sequenceOutput: false, seed: 4);
        Tensor x = Tensor.FromArray([.. data.Inputs.SelectMany(static s => s.ToArray())], data.Count, 5, 1);
        Tensor y = Tensor.FromArray([.. data.Values!.SelectMany(static v => v.ToArray())], data.Count, 2);
        new MseLoss().Forward(reference.Forward(x), y).Backward();
        Tensor[] p = [.. reference.Parameters()];
        float[][] g = [.. p.Select(static t => t.Grad!.ToArray())];
        double global = Math.Sqrt(g.Sum(static a => a.Sum(static v => (double)v * v)));
        Assert.True(global > 4 * Threshold, $"the gradient norm {global} must exceed the threshold for the test to mean anything");
        float[] expected = [.. g.SelectMany(a => method switch
        {
            GradientThresholdMethod.GlobalL2Norm => a.Select(v => v * (float)(Threshold / (global + 1e-6))),
            GradientThresholdMethod.AbsoluteValue => a.Select(static v => Math.Clamp(v, -Threshold, Threshold)),
            _ => Scale(a, Threshold),
        })];

        var model = new TinyLstmModel(1, 4, 2, sequenceOutput: false, seed: 4);
        float[] w0 = model.Weights();
        model.Fit(data, Sgd() with { GradientThreshold = Threshold, GradientThresholdMethod = method });
        float[] delta = Delta(w0, model.Weights());
        for (int k = 0; k < delta.Length; k++)
        {
            Assert.True(Math.Abs(-delta[k] - expected[k]) <= 1e-6 + (1e-4 * Math.Abs(expected[k])), $"{method} weight {k}: {-delta[k]} vs {expected[k]}");
        }
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestWeights()
    {
        // Validation targets are the negated training targets: once training starts, the validation loss only grows.
        SequenceDataset train = TrainingData.SumAndMean(10, 24, 3, 6);
        SequenceDataset validation = SequenceDataset.ForSequenceRegression(train.Inputs, [.. train.Values!.Select(static v => -v)]);
        var model = new TinyLstmModel(1, 6, 2, sequenceOutput: false);
        var snapshots = new List<float[]>();
        TrainingHistory h = model.Fit(train, new TrainingOptions
        {
            MaxEpochs = 50,
            MiniBatchSize = 8,
            InitialLearnRate = 0.02,
            ValidationData = validation,
            ValidationFrequency = 1000,
            ValidationPatience = 2,
            RestoreBestWeights = true,
            OnEpoch = _ => snapshots.Add(model.Weights()),
        });

        Assert.Equal(TrainingStopReason.EarlyStopping, h.StopReason);
        Assert.Equal(3, h.Epochs.Count);
        Assert.Equal(1, h.BestEpoch);
        Assert.True(h.RestoredBestWeights);
        Assert.True(h.Epochs[2].ValidationLoss > h.Epochs[1].ValidationLoss && h.Epochs[1].ValidationLoss > h.Epochs[0].ValidationLoss);
        Assert.Equal(snapshots[0], model.Weights());
        Assert.NotEqual(snapshots[2], model.Weights());
        Assert.Equal(h.Epochs[0].ValidationLoss!.Value, model.Metadata.Metrics["best_val_loss"]);
        Assert.Equal(3, model.Metadata.History["val_loss"].Count);
    }

    [Fact]
    public void NaNLossStopsWithEpochAndIterationAndKeepsTheLastGoodWeights()
    {
        SequenceDataset data = TrainingData.SignOfSum(11, 16);
        var model = new TinyLstmModel(1, 4, 2, sequenceOutput: false) { PoisonCall = 5 };
        float[]? lastGood = null;
        int lastIteration = 0;
        var ex = Assert.Throws<TrainingDivergedException>(() => model.Fit(data, new TrainingOptions
        {
            MaxEpochs = 5,
            MiniBatchSize = 4,
            OnIteration = p =>
            {
                lastGood = model.Weights();
                lastIteration = p.Iteration;
            },
        }));

        Assert.Equal(2, ex.Epoch);
        Assert.Equal(6, ex.Iteration);
        Assert.Equal(5, lastIteration);
        Assert.True(double.IsNaN(ex.Loss));
        Assert.Contains("epoch 2, iteration 6", ex.Message, StringComparison.Ordinal);
        Assert.Equal(lastGood, model.Weights());
        Assert.All(model.Weights(), static v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void SameSeedGivesIdenticalWeightsWithOneOrTwoThreads()
    {
        SequenceDataset data = TrainingData.SignOfSum(12, 40, 3, 12);
        var options = new TrainingOptions { MaxEpochs = 3, MiniBatchSize = 8, Shuffle = ShuffleMode.EveryEpoch, Seed = 42 };
        float[] Train(int threads, ulong seed)
        {
            int saved = Parallelism.MaxThreads;
            Parallelism.MaxThreads = threads;
            try
            {
                var model = new TinyLstmModel(1, 16, 2, sequenceOutput: false, numLayers: 2, dropout: 0.3f);
                model.Fit(data, options with { Seed = seed });
                return model.Weights();
            }
            finally
            {
                Parallelism.MaxThreads = saved;
            }
        }

        float[] one = Train(1, 42);
        float[] two = Train(2, 42);
        Assert.Equal(one, two);
        Assert.NotEqual(one, Train(2, 43)); // the seed matters (the shuffles differ)
    }

    [Fact]
    public void CancellationStopsAfterTheCurrentIterationAndKeepsTheBestWeights()
    {
        SequenceDataset data = TrainingData.SumAndMean(13, 32, 3, 6);
        using var cts = new CancellationTokenSource();
        var model = new TinyLstmModel(1, 4, 2, sequenceOutput: false);
        float[]? atCancel = null;
        TrainingHistory h = model.Fit(data, new TrainingOptions
        {
            MaxEpochs = 10,
            MiniBatchSize = 8,
            OnIteration = p =>
            {
                if (p.Iteration == 6)
                {
                    atCancel = model.Weights();
                    cts.Cancel();
                }
            },
        }, cts.Token);

        Assert.True(h.Cancelled);
        Assert.Equal(6, h.Iterations);
        Assert.Equal(2, h.Epochs.Count);
        Assert.Equal(6, h.Epochs[^1].Iterations);
        Assert.Equal(atCancel, model.Weights());

        // With validation and RestoreBestWeights the best weights so far come back.
        using var cts2 = new CancellationTokenSource();
        var model2 = new TinyLstmModel(1, 4, 2, sequenceOutput: false);
        var validation = SequenceDataset.ForSequenceRegression(data.Inputs, [.. data.Values!.Select(static v => -v)]);
        var validations = new List<(double Loss, float[] Weights)>();
        TrainingHistory h2 = model2.Fit(data, new TrainingOptions
        {
            MaxEpochs = 10,
            MiniBatchSize = 8,
            InitialLearnRate = 0.05,
            ValidationData = validation,
            ValidationFrequency = 2,
            RestoreBestWeights = true,
            OnIteration = p =>
            {
                if (p.ValidationLoss is { } loss)
                {
                    validations.Add((loss, model2.Weights()));
                }

                if (p.Iteration == 11)
                {
                    cts2.Cancel();
                }
            },
            OnEpoch = e =>
            {
                if (e.ValidationLoss is { } loss)
                {
                    validations.Add((loss, model2.Weights()));
                }
            },
        }, cts2.Token);
        Assert.True(h2.Cancelled);
        Assert.True(h2.RestoredBestWeights);
        int best = validations.FindIndex(v => v.Loss == validations.Min(static w => w.Loss));
        Assert.True(best < validations.Count - 1, "the test needs a best validation before the last one");
        Assert.Equal(validations[best].Weights, model2.Weights());
        Assert.Equal(validations[best].Loss, h2.BestValidationLoss);
    }

    [Fact]
    public void ChunksLongerThanEverySequenceEqualWholeSequences()
    {
        SequenceDataset data = TrainingData.RunningMean(14, 12, 2, 6);
        var whole = new TinyLstmModel(1, 5, 1, sequenceOutput: true);
        var chunked = new TinyLstmModel(1, 5, 1, sequenceOutput: true);
        var options = new TrainingOptions { MaxEpochs = 2, MiniBatchSize = 4 };
        whole.Fit(data, options);
        chunked.Fit(data, options with { SequenceLength = SequenceLength.Chunks(6) });
        float[] a = whole.Weights();
        float[] b = chunked.Weights();
        for (int k = 0; k < a.Length; k++)
        {
            Assert.True(Math.Abs(a[k] - b[k]) <= 1e-5, $"weight {k}: {a[k]} vs {b[k]}");
        }
    }

    [Theory]
    [InlineData(SequencePaddingDirection.Right)]
    [InlineData(SequencePaddingDirection.Left)]
    public void ChunksCarryTheStateForward(SequencePaddingDirection direction)
    {
        // The first iteration's loss is computed with the weights before any step: with the state carried between
        // chunks, the forward pass (and so the loss) equals the whole-sequence one, though the gradient is truncated.
        SequenceDataset data = direction == SequencePaddingDirection.Right ? TrainingData.RunningMean(15, 8, 3, 9) : TrainingData.LastValue(15, 8, 3, 9);
        bool perStep = direction == SequencePaddingDirection.Right;
        double First(SequenceLength length)
        {
            var model = new TinyLstmModel(1, 5, perStep ? 1 : 2, sequenceOutput: perStep);
            double loss = double.NaN;
            model.Fit(data, new TrainingOptions
            {
                MaxEpochs = 1,
                MiniBatchSize = 8,
                SequenceLength = length,
                SequencePaddingDirection = direction,
                OnIteration = p => loss = p.Iteration == 1 ? p.Loss : loss,
            });
            return loss;
        }

        double whole = First(SequenceLength.Longest);
        double chunked = First(SequenceLength.Chunks(2));
        Assert.Equal(whole, chunked, 5);

        var trained = new TinyLstmModel(1, 5, perStep ? 1 : 2, sequenceOutput: perStep);
        TrainingHistory h = trained.Fit(data, new TrainingOptions { MaxEpochs = 15, MiniBatchSize = 4, SequenceLength = SequenceLength.Chunks(2), SequencePaddingDirection = direction, InitialLearnRate = 0.02 });
        Assert.True(h.Epochs[^1].TrainingLoss < h.Epochs[0].TrainingLoss / 2, $"loss {h.Epochs[0].TrainingLoss} → {h.Epochs[^1].TrainingLoss}");
        Assert.False(trained.Stateful);
    }

    [Fact]
    public void ShortestKeepsTheFirstOrLastSteps()
    {
        // Per-step targets equal to the input: with Shortest, only the kept steps count. Left keeps the last steps.
        Tensor[] x = [Tensor.FromArray([1f, 2f, 3f], 3, 1), Tensor.FromArray([4f, 5f], 2, 1)];
        SequenceDataset data = SequenceDataset.ForStepRegression(x, [Tensor.FromArray([1f, 2f, 100f], 3, 1), Tensor.FromArray([4f, 5f], 2, 1)]);
        SequenceDataset dataLeft = SequenceDataset.ForStepRegression(x, [Tensor.FromArray([100f, 2f, 3f], 3, 1), Tensor.FromArray([4f, 5f], 2, 1)]);
        double Loss(SequenceDataset d, SequencePaddingDirection dir)
        {
            var model = new TinyLstmModel(1, 3, 1, sequenceOutput: true);
            double loss = 0;
            model.Fit(d, new TrainingOptions { MaxEpochs = 1, SequenceLength = SequenceLength.Shortest, SequencePaddingDirection = dir, OnIteration = p => loss = p.Loss });
            return loss;
        }

        // The outlier 100 is dropped in both cases: the losses are small (outputs are near 0, targets ≤ 5).
        Assert.True(Loss(data, SequencePaddingDirection.Right) < 20);
        Assert.True(Loss(dataLeft, SequencePaddingDirection.Left) < 20);
        Assert.True(Loss(data, SequencePaddingDirection.Left) > 1000);
    }

    [Fact]
    public void NormalizingLayersAreFittedOnceOnTheTrainingInputs()
    {
        SequenceDataset data = TrainingData.SumAndMean(16, 10, 2, 5, features: 2);
        var model = new TinyLstmModel(2, 4, 2, sequenceOutput: false, withNormalizer: true);
        model.Fit(data, new TrainingOptions { MaxEpochs = 1 });
        CountingNormalizer norm = model.Normalizer!;
        Assert.Equal(1, norm.FitCalls);
        Assert.Equal(10, norm.SequencesSeen);
        float[] all = [.. data.Inputs.SelectMany(static s => s.ToArray())];
        Assert.Equal(all.Where((_, i) => i % 2 == 0).Average(), norm.Mean[0], 5);
        model.Fit(data, new TrainingOptions { MaxEpochs = 1 });
        Assert.Equal(1, norm.FitCalls);
    }

    [Fact]
    public void EventsReportProgressAndCheckpointsAreWritten()
    {
        SequenceDataset data = TrainingData.SumAndMean(17, 10, 2, 5);
        var model = new TinyLstmModel(1, 3, 2, sequenceOutput: false);
        var iterations = new List<TrainingProgress>();
        var epochs = new List<EpochRecord>();
        var progress = new SyncProgress();
        string folder = Path.Combine(Path.GetTempPath(), "recur-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            TrainingHistory h = model.Fit(data, new TrainingOptions
            {
                MaxEpochs = 4,
                MiniBatchSize = 4,
                LearnRateSchedule = LearnRateSchedule.Step,
                LearnRateDropPeriod = 2,
                LearnRateDropFactor = 0.5,
                CheckpointPath = folder,
                CheckpointFrequency = 2,
                OnIteration = iterations.Add,
                OnEpoch = epochs.Add,
                Progress = progress,
            });
            Assert.Equal(12, iterations.Count);
            Assert.Equal(12, progress.Reports.Count);
            Assert.Equal(epochs, h.Epochs);
            Assert.All(iterations, static p => Assert.Equal(3, p.IterationsPerEpoch));
            Assert.Equal(TimeSpan.Zero, iterations[^1].Remaining);
            Assert.Equal([0.001, 0.001, 0.0005, 0.0005], h.Epochs.Select(static e => e.LearningRate));
            Assert.Equal([1, 2, 3], iterations.Take(3).Select(static p => p.Iteration));
            Assert.True(File.Exists(Path.Combine(folder, "checkpoint-epoch0002.recur")));
            Assert.True(File.Exists(Path.Combine(folder, "checkpoint-epoch0004.recur")));
            Assert.False(File.Exists(Path.Combine(folder, "checkpoint-epoch0001.recur")));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void OptionsThatDoNotFitTheDataAreRejected()
    {
        SequenceDataset classes = TrainingData.SignOfSum(18, 4);
        var model = new TinyLstmModel(1, 3, 2, sequenceOutput: false);
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(classes, new TrainingOptions { Loss = LossKind.MeanSquaredError }));
        Assert.Contains("MeanSquaredError", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(classes, new TrainingOptions { MaxEpochs = 0 }));
        ex = Assert.Throws<ArgumentException>(() => model.Fit(classes, new TrainingOptions { ValidationPatience = 3 }));
        Assert.Contains("ValidationData", ex.Message, StringComparison.Ordinal);
        var stateless = new Sequential(new Dense(1, 2));
        ex = Assert.Throws<ArgumentException>(() => stateless.Fit(TrainingData.RunningMean(1, 3), new TrainingOptions { SequenceLength = SequenceLength.Chunks(2) }));
        Assert.Contains("IStatefulLayer", ex.Message, StringComparison.Ordinal);
        var wrongWidth = new TinyLstmModel(1, 3, 3, sequenceOutput: false);
        var bad = Assert.Throws<InvalidOperationException>(() => wrongWidth.Fit(classes, new TrainingOptions { MaxEpochs = 1 }));
        Assert.Contains("C = 2", bad.Message, StringComparison.Ordinal);
    }

    private static float[] Delta(float[] before, float[] after) => [.. after.Select((v, i) => v - before[i])];

    private static IEnumerable<float> Scale(float[] g, float threshold)
    {
        double norm = Math.Sqrt(g.Sum(static v => (double)v * v));
        float coef = (float)Math.Min(1.0, threshold / (norm + 1e-6));
        return g.Select(v => v * coef);
    }

    private sealed class SyncProgress : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value) => Reports.Add(value);
    }
}
