using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Recur.Training;
using Recur.Losses;
using Recur.Modules;
using Recur.Optim;
using Xunit;

namespace Recur.Tests.Docs;

/// <summary>The README's quick-start code, kept compiling and working.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void RecurrentLayerExampleHasTheDocumentedShapes()
    {
        var lstm = new Lstm(inputSize: 8, hiddenSize: 64, numLayers: 2, bidirectional: true);
        Tensor seq = Tensor.Normal(seed: 1, mean: 0f, std: 1f, 100, 32, 8);
        int[] lengths = Enumerable.Range(0, 32).Select(b => 100 - 3 * b).ToArray();
        RnnOutput r = lstm.Forward(seq, lengths: lengths);
        Assert.Equal([100, 32, 128], r.Output.Shape);
        Assert.Equal([4, 32, 64], r.HiddenState.Shape);
        Assert.Equal([4, 32, 64], r.CellState!.Shape);
        Assert.Equal(0f, r.Output[99, 31, 5]); // past the last sequence's length
        r.Dispose();
        Assert.Throws<ObjectDisposedException>(() => r.Output[0, 0, 0]);
    }

    [Fact]
    public void QuickStartTrainsAndRoundTripsThroughSafeTensors()
    {
        var model = new Linear(inFeatures: 4, outFeatures: 2, seed: 1);
        var opt = new Adam(model.Parameters(), lr: 1e-2f);

        Tensor x = Tensor.Normal(seed: 7, mean: 0f, std: 1f, 32, 4);
        Tensor y = Tensor.Normal(seed: 8, mean: 0f, std: 1f, 32, 2);
        float first = 0f, last = 0f;
        for (int step = 0; step < 100; step++)
        {
            opt.ZeroGrad();
            Tensor loss = new MseLoss().Forward(model.Forward(x), y);
            loss.Backward();
            opt.Step();
            if (step == 0)
            {
                first = loss.Item();
            }

            last = loss.Item();
        }

        Assert.True(last < first, $"loss did not decrease: {first} -> {last}");

        string dir = Path.Combine(Path.GetTempPath(), "recur-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "m.safetensors");
            SafeTensors.Save(path, model.StateDict());
            var copy = new Linear(4, 2, seed: 99);
            copy.LoadStateDict(SafeTensors.Load(path));
            Assert.Equal(model.Weight.ToArray(), copy.Weight.ToArray());
            Assert.Equal(model.Bias!.ToArray(), copy.Bias!.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ModelExampleTrainsSavesAndLoads()
    {
        // The README's model example at a small size: 12 features, 9 classes (the class sets feature k's mean).
        var sequences = new List<Tensor>();
        var labels = new List<int>();
        for (int i = 0; i < 54; i++)
        {
            int label = i % 9;
            Tensor s = Tensor.Normal((ulong)(300 + i), 0f, 0.3f, 5 + (i % 6), 12);
            var data = s.ToArray();
            for (int t = 0; t < data.Length / 12; t++)
            {
                data[(t * 12) + label] += 1.5f;
            }

            sequences.Add(Tensor.FromArray(data, s.Shape));
            labels.Add(label);
        }

        var model = new Sequential(
            new SequenceInput(12, Normalization.ZScore),
            new Lstm(12, 16, batchFirst: true, bidirectional: true) { OutputMode = OutputMode.Last },
            new Dense(32, 9),
            new Softmax());
        var train = SequenceDataset.ForSequenceClassification(sequences, labels);
        var epochs = new List<double>();
        TrainingHistory history = model.Fit(train, new TrainingOptions
        {
            MaxEpochs = 25, MiniBatchSize = 27, GradientThreshold = 1, Seed = 1, InitialLearnRate = 0.01,
            OnEpoch = e => epochs.Add(e.TrainingLoss),
        });
        Assert.Equal(25, epochs.Count);
        Assert.True(epochs[^1] < epochs[0] / 3, $"loss {epochs[0]} -> {epochs[^1]}");
        Assert.Contains("Lstm", model.Summary(), StringComparison.Ordinal);

        string path = Path.Combine(Path.GetTempPath(), $"readme-{Guid.NewGuid():N}.recur");
        try
        {
            model.Save(path);
            var loaded = Model.Load(path);
            var predictions = loaded.Classify(sequences);
            double accuracy = predictions.Select((p, i) => p.Label == labels[i] ? 1.0 : 0.0).Average();
            Assert.True(accuracy > 0.9, $"training accuracy {accuracy}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
