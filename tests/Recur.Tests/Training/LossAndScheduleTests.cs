using Recur.Losses;
using Recur.Training;
using Xunit;

namespace Recur.Tests.Training;

public sealed class LossAndScheduleTests
{
    private static double FirstLoss(Recur.Models.Model model, SequenceDataset data, TrainingOptions options)
    {
        double loss = double.NaN;
        model.Fit(data, options with { MaxEpochs = 1, MiniBatchSize = 1000, OnIteration = p => loss = p.Iteration == 1 ? p.Loss : loss });
        return loss;
    }

    [Theory]
    [InlineData(LossKind.Auto)]
    [InlineData(LossKind.MeanSquaredError)]
    [InlineData(LossKind.MeanAbsoluteError)]
    [InlineData(LossKind.Huber)]
    public void RegressionLossesAreTheMeanOverValidSteps(LossKind kind)
    {
        // The first iteration's loss (weights before any step) against the loss of Predict's outputs, computed with
        // the loss classes over the concatenated valid steps (no padding).
        SequenceDataset data = TrainingData.RunningMean(41, 6, 2, 7);
        var model = new TinyLstmModel(1, 4, 1, sequenceOutput: true);
        float[] predValues = [.. model.Predict(data.Inputs).SelectMany(static y => y.ToArray())];
        Tensor pred = Tensor.FromArray(predValues, predValues.Length);
        Tensor target = Tensor.FromArray([.. data.Values!.SelectMany(static y => y.ToArray())], predValues.Length);
        double expected = kind switch
        {
            LossKind.MeanAbsoluteError => new MaeLoss().Forward(pred, target).Item(),
            LossKind.Huber => new HuberLoss(0.1f).Forward(pred, target).Item(),
            _ => new MseLoss().Forward(pred, target).Item(),
        };
        double actual = FirstLoss(model, data, new TrainingOptions { Loss = kind, HuberDelta = 0.1 });
        Assert.Equal(expected, actual, 5);
    }

    [Fact]
    public void CrossEntropyUsesLabelSmoothingAndProbabilityOutputs()
    {
        SequenceDataset data = TrainingData.SignOfSum(42, 10);
        var model = new TinyLstmModel(1, 4, 2, sequenceOutput: false);
        Tensor logits = Tensor.FromArray([.. model.Predict(data.Inputs).SelectMany(static y => y.ToArray())], 10, 2);
        int[] labels = [.. data.SequenceLabels!];
        double expected = new CrossEntropyLoss(labelSmoothing: 0.2f).Forward(logits, labels).Item();
        Assert.Equal(expected, FirstLoss(model, data, new TrainingOptions { LabelSmoothing = 0.2 }), 5);

        // A model that outputs probabilities: the loss is the cross-entropy of the log-probabilities (the same value).
        var probs = new SoftmaxTinyModel();
        Tensor p = Tensor.FromArray([.. probs.Predict(data.Inputs).SelectMany(static y => y.ToArray())], 10, 2);
        double nll = -Enumerable.Range(0, 10).Average(i => Math.Log(p[i, labels[i]]));
        Assert.Equal(nll, FirstLoss(probs, data, new TrainingOptions()), 5);
        Assert.Equal(1f, probs.Classify(data.Inputs)[0].Probabilities.Sum(), 5);
        Assert.Equal(probs.Predict(data.Inputs)[0][1], probs.Classify(data.Inputs)[0].Probabilities[1]); // no second softmax
    }

    [Theory]
    [InlineData(LearnRateSchedule.None, new[] { 0.01, 0.01, 0.01, 0.01 })]
    [InlineData(LearnRateSchedule.Step, new[] { 0.01, 0.01, 0.005, 0.005 })]
    [InlineData(LearnRateSchedule.Exponential, new[] { 0.01, 0.005, 0.0025, 0.00125 })]
    [InlineData(LearnRateSchedule.Cosine, new[] { 0.01, 0.008535533905932738, 0.005, 0.0014644660940672626 })]
    public void SchedulesSetTheLearningRatePerEpoch(LearnRateSchedule schedule, double[] expected)
    {
        SequenceDataset data = TrainingData.SumAndMean(43, 4, 2, 3);
        var model = new TinyLstmModel(1, 3, 2, sequenceOutput: false);
        TrainingHistory h = model.Fit(data, new TrainingOptions
        {
            MaxEpochs = 4,
            InitialLearnRate = 0.01,
            LearnRateSchedule = schedule,
            LearnRateDropFactor = 0.5,
            LearnRateDropPeriod = 2,
        });
        double[] actual = [.. h.Epochs.Select(static e => e.LearningRate)];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }

        Assert.Equal(actual, model.Metadata.History["learning_rate"]);
    }

    [Fact]
    public void ReduceOnPlateauCutsTheRateWhenTheLossStopsImproving()
    {
        // Validation on negated targets gets worse every epoch: after LearnRateDropPeriod = 1 bad epochs beyond the first, the rate is cut.
        SequenceDataset train = TrainingData.SumAndMean(44, 16, 3, 5);
        SequenceDataset validation = SequenceDataset.ForSequenceRegression(train.Inputs, [.. train.Values!.Select(static v => -v)]);
        var model = new TinyLstmModel(1, 4, 2, sequenceOutput: false);
        TrainingHistory h = model.Fit(train, new TrainingOptions
        {
            MaxEpochs = 4,
            InitialLearnRate = 0.05,
            ValidationData = validation,
            LearnRateSchedule = LearnRateSchedule.ReduceOnPlateau,
            LearnRateDropPeriod = 1,
            LearnRateDropFactor = 0.5,
        });
        Assert.True(h.Epochs.Zip(h.Epochs.Skip(1)).All(static p => p.Second.ValidationLoss > p.First.ValidationLoss), "the validation loss must rise");
        Assert.Equal([0.05, 0.05, 0.05, 0.025], h.Epochs.Select(static e => e.LearningRate));
    }

    /// <summary>A model that ends in a softmax (MATLAB style).</summary>
    private sealed class SoftmaxTinyModel : Recur.Models.Model
    {
        private readonly TinyLstmModel _inner = new(1, 4, 2, sequenceOutput: false);

        public SoftmaxTinyModel() => RegisterModule("inner", _inner);

        public override bool OutputsProbabilities => true;

        public override Recur.Layers.SequenceBatch Forward(Recur.Layers.SequenceBatch input) => new(_inner.Forward(input).Data.Softmax());

        public override int[] OutputShape(int[] inputShape) => [2];

        public override Recur.Layers.LayerConfig GetConfig() => new("SoftmaxTinyModel", []);
    }
}
