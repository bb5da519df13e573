using Recur.Layers;
using Recur.Models;
using Recur.Training;
using Xunit;

namespace Recur.Tests.Training;

public sealed class PredictionTests
{
    private static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: {expected[i]} vs {actual[i]}");
        }
    }

    private static Tensor Rows(Tensor x, int start, int count) =>
        Tensor.FromArray(x.AsReadOnlySpan().Slice(start * x.Shape[1], count * x.Shape[1]).ToArray(), count, x.Shape[1]);

    private static Tensor Append(Tensor x, float[] row) =>
        Tensor.FromArray([.. x.ToArray(), .. row], x.Shape[0] + 1, x.Shape[1]);

    /// <summary>A sine predictor: input sin(t), target sin(t + 1), trained briefly.</summary>
    private static TinyLstmModel SineModel()
    {
        Tensor[] x = [.. Enumerable.Range(0, 8).Select(static k => TrainingData.Sine(24, phase: k * 0.7))];
        Tensor[] y = [.. Enumerable.Range(0, 8).Select(static k => Rows(TrainingData.Sine(25, phase: k * 0.7), 1, 24))];
        var model = new TinyLstmModel(1, 12, 1, sequenceOutput: true, seed: 21);
        model.Fit(SequenceDataset.ForStepRegression(x, y), new TrainingOptions { MaxEpochs = 40, MiniBatchSize = 4, InitialLearnRate = 0.02 });
        return model;
    }

    [Fact]
    public void PredictSplitsAPaddedBatchIntoTheSequencesAlone()
    {
        var model = new TinyLstmModel(1, 6, 2, sequenceOutput: true);
        Tensor[] x = TrainingData.Sequences(31, 5, 2, 9, 1);
        IReadOnlyList<Tensor> batched = model.Predict(x, miniBatchSize: 3);
        for (int i = 0; i < x.Length; i++)
        {
            Tensor alone = model.Predict([x[i]])[0];
            Assert.Equal([x[i].Shape[0], 2], batched[i].Shape);
            Close(alone.AsReadOnlySpan(), batched[i].AsReadOnlySpan());
        }

        var last = new TinyLstmModel(1, 6, 3, sequenceOutput: false);
        IReadOnlyList<Tensor> vectors = last.Predict(x);
        Assert.All(vectors, static v => Assert.Equal([3], v.Shape));
        Assert.True(model.IsTraining); // the mode is restored
    }

    [Fact]
    public void ClassifyGivesLabelsNamesAndProbabilities()
    {
        var model = new TinyLstmModel(1, 6, 3, sequenceOutput: false);
        model.Metadata.ClassNames = ["a", "b", "c"];
        Tensor[] x = TrainingData.Sequences(32, 4, 2, 6, 1);
        IReadOnlyList<Tensor> logits = model.Predict(x);
        IReadOnlyList<Recur.Models.ClassificationResult> results = model.Classify(x);
        for (int i = 0; i < x.Length; i++)
        {
            float[] z = logits[i].ToArray();
            double[] e = [.. z.Select(v => Math.Exp(v - z.Max()))];
            double[] p = [.. e.Select(v => v / e.Sum())];
            int label = Array.IndexOf(p, p.Max());
            Assert.Equal(label, results[i].Label);
            Assert.Equal(model.Metadata.ClassNames[label], results[i].ClassName);
            Close([.. p.Select(static v => (float)v)], [.. results[i].Probabilities], 1e-6);
        }

        var steps = new TinyLstmModel(1, 6, 3, sequenceOutput: true);
        IReadOnlyList<Recur.Models.ClassificationResult[]> perStep = steps.ClassifySteps(x);
        Assert.Equal(x[2].Shape[0], perStep[2].Length);
        Assert.Null(perStep[0][0].ClassName);
        Assert.Throws<InvalidOperationException>(() => model.ClassifySteps(x));
    }

    [Fact]
    public void StreamingOneStepAtATimeEqualsTheWholeSequence()
    {
        // [SineStreaming]: a sine wave streamed one step at a time with PredictAndUpdateState equals the prediction
        // of the whole sequence at once.
        TinyLstmModel model = SineModel();
        Tensor wave = TrainingData.Sine(40, phase: 0.3);
        Tensor whole = model.Predict([wave])[0];

        model.ResetState();
        var streamed = new List<float>();
        for (int t = 0; t < 40; t++)
        {
            Tensor y = model.PredictAndUpdateState(Rows(wave, t, 1));
            Assert.Equal([1, 1], y.Shape);
            streamed.AddRange(y.ToArray());
        }

        Close(whole.AsReadOnlySpan(), streamed.ToArray());

        // Chunks of 7 steps, and a batch of two streams, give the same.
        model.ResetState();
        var chunked = new List<float>();
        for (int t = 0; t < 40; t += 7)
        {
            chunked.AddRange(model.PredictAndUpdateState(Rows(wave, t, Math.Min(7, 40 - t))).ToArray());
        }

        Close(whole.AsReadOnlySpan(), chunked.ToArray());

        model.ResetState();
        Tensor two = Tensor.FromArray([.. wave.ToArray().Take(10), .. wave.ToArray().Take(10)], 2, 10, 1);
        Tensor first = model.PredictAndUpdateState(two);
        Assert.Equal([2, 10, 1], first.Shape);
        Close(whole.AsReadOnlySpan()[..10], first.AsReadOnlySpan()[..10]);

        // Without a reset the state carries on; after one it starts again.
        model.ResetState();
        model.PredictAndUpdateState(Rows(wave, 0, 5));
        Tensor next = model.PredictAndUpdateState(Rows(wave, 5, 1));
        Close(whole.AsReadOnlySpan().Slice(5, 1), next.AsReadOnlySpan());
        model.ResetState();
        Tensor restarted = model.PredictAndUpdateState(Rows(wave, 5, 1));
        Assert.NotEqual(next.Item(), restarted.Item());

        // Predict is stateless: it neither uses nor changes the carried state.
        model.ResetState();
        model.PredictAndUpdateState(Rows(wave, 0, 5));
        Close(whole.AsReadOnlySpan(), model.Predict([wave])[0].AsReadOnlySpan());
        Close(whole.AsReadOnlySpan().Slice(5, 1), model.PredictAndUpdateState(Rows(wave, 5, 1)).AsReadOnlySpan());
    }

    [Fact]
    public void StreamingNeedsAStatefulLayer()
    {
        var model = new Sequential(new Dense(1, 1));
        Assert.Throws<InvalidOperationException>(() => model.PredictAndUpdateState(Tensor.Zeros(2, 1)));
        var stateful = new TinyLstmModel(1, 3, 1, sequenceOutput: true);
        var ex = Assert.Throws<ArgumentException>(() => stateful.PredictAndUpdateState(Tensor.Zeros(3)));
        Assert.Equal("chunk", ex.ParamName);
    }

    [Fact]
    public void ClosedLoopFeedsEachForecastBack()
    {
        TinyLstmModel model = SineModel();
        Tensor history = TrainingData.Sine(20);
        Tensor forecast = model.ForecastClosedLoop(history, 12);
        Assert.Equal([12, 1], forecast.Shape);

        // Independently: predict the whole growing sequence again at each step, appending each forecast.
        Tensor seq = history;
        for (int i = 0; i < 12; i++)
        {
            Tensor y = model.Predict([seq])[0];
            float next = y.ToArray()[^1];
            Assert.True(Math.Abs(next - forecast[i, 0]) <= 1e-5, $"step {i}: {next} vs {forecast[i, 0]}");
            seq = Append(seq, [next]);
        }

        // The trained model continues the sine roughly (the feedback is real: far from a constant).
        double rmse = Math.Sqrt(Enumerable.Range(0, 12).Average(i => Math.Pow(forecast[i, 0] - Math.Sin(2 * Math.PI * (20 + i) / 16), 2)));
        Assert.True(rmse < 0.35, $"closed-loop rmse {rmse}");

        // A PyTorch-style model that calls the layer's tensor overload (no initial states) streams the same way.
        var stateless = new StatelessLstmModel(1, 12, 1, seed: 21);
        stateless.LoadStateDict(model.StateDict());
        Close(forecast.AsReadOnlySpan(), stateless.ForecastClosedLoop(history, 12).AsReadOnlySpan());
    }

    [Fact]
    public void ClosedLoopMapsOutputsToInputFeaturesWithKnownInputs()
    {
        // F = 2 inputs, O = 1 output fed into feature 1; feature 0 is an exogenous input from knownInputs.
        var model = new TinyLstmModel(2, 5, 1, sequenceOutput: true, seed: 3);
        Tensor history = Tensor.Uniform(5, -1f, 1f, 6, 2);
        Tensor known = Tensor.Uniform(6, -1f, 1f, 4, 2);
        Tensor forecast = model.ForecastClosedLoop(history, 5, feedbackFeatures: [1], knownInputs: known);
        Assert.Equal([5, 1], forecast.Shape);

        Tensor seq = history;
        for (int i = 0; i < 5; i++)
        {
            float next = model.Predict([seq])[0].ToArray()[^1];
            Assert.True(Math.Abs(next - forecast[i, 0]) <= 1e-5, $"step {i}: {next} vs {forecast[i, 0]}");
            if (i < 4)
            {
                seq = Append(seq, [known[i, 0], next]);
            }
        }

        Assert.Throws<ArgumentException>(() => model.ForecastClosedLoop(history, 5));
        var ex = Assert.Throws<ArgumentException>(() => model.ForecastClosedLoop(history, 5, feedbackFeatures: [1]));
        Assert.Equal("knownInputs", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => model.ForecastClosedLoop(history, 5, feedbackFeatures: [2], knownInputs: known));
        Assert.Equal("feedbackFeatures", ex.ParamName);
    }

    [Fact]
    public void OpenLoopForecastsEachObservedStepFromTheTruthBeforeIt()
    {
        TinyLstmModel model = SineModel();
        Tensor history = TrainingData.Sine(16);
        Tensor observed = Rows(TrainingData.Sine(26), 16, 10);
        Tensor forecast = model.ForecastOpenLoop(history, observed);
        Assert.Equal([10, 1], forecast.Shape);
        Tensor seq = history;
        for (int i = 0; i < 10; i++)
        {
            float expected = model.Predict([seq])[0].ToArray()[^1];
            Assert.True(Math.Abs(expected - forecast[i, 0]) <= 1e-5, $"step {i}: {expected} vs {forecast[i, 0]}");
            seq = Append(seq, [observed[i, 0]]);
        }
    }
}
