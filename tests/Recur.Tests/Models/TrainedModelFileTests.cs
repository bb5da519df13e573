using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Recur.Modules;
using Recur.Training;
using Xunit;

namespace Recur.Tests.Models;

/// <summary>
/// The whole workflow with built-in layers only: a normalizing BiLSTM + attention classifier is trained, saved as a
/// .recur file, loaded back and predicts bit-identically, with its normalization, class names and metrics.
/// </summary>
public sealed class TrainedModelFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "recur-trained-" + Guid.NewGuid().ToString("N"));

    public TrainedModelFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TrainedSequentialRoundTripsThroughTheModelFile()
    {
        // Class = whether the mean of feature 0 over the sequence is positive (lengths 3..9, offset features).
        var inputs = new List<Tensor>();
        var labels = new List<int>();
        for (int i = 0; i < 48; i++)
        {
            int len = 3 + (i % 7);
            Tensor x = Tensor.Uniform((ulong)(100 + i), -1f, 1f, len, 2) + 5f;
            inputs.Add(x);
            labels.Add(x.Slice(1, 0, 1).Mean().Item() > 5f ? 1 : 0);
        }

        var lstm = new Lstm(2, 6, batchFirst: true, bidirectional: true, seed: 3) { RecurrentDropout = 0.1f };
        var model = new Sequential(
            new SequenceInput(2, Normalization.ZScore),
            lstm,
            new Attention(12, AttentionKind.Additive, 8, seed: 4),
            new Dense(12, 2, Activation.Softmax, seed: 5));
        model.Metadata.ClassNames = ["negative", "positive"];
        TrainingHistory history = model.Fit(
            SequenceDataset.ForSequenceClassification(inputs, labels),
            new TrainingOptions { MaxEpochs = 3, MiniBatchSize = 8, Seed = 9 });
        Assert.Equal(3, history.Epochs.Count);

        string path = Path.Combine(_dir, "model.recur");
        model.Save(path);
        Model loaded = Model.Load(path);

        model.Eval();
        var expected = model.Classify(inputs);
        var actual = loaded.Classify(inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(expected[i].Label, actual[i].Label);
            Assert.Equal(expected[i].ClassName, actual[i].ClassName);
            Assert.Equal(expected[i].Probabilities.ToArray(), actual[i].Probabilities.ToArray());
        }

        var sequential = Assert.IsType<Sequential>(loaded);
        var input = Assert.IsType<SequenceInput>(sequential.Layers[0]);
        Assert.True(input.IsFitted);
        Assert.Equal(((SequenceInput)model.Layers[0]).Mean!.ToArray(), input.Mean!.ToArray());
        Assert.Equal(0.1f, Assert.IsType<Lstm>(sequential.Layers[1]).RecurrentDropout);
        Assert.Equal(["negative", "positive"], loaded.Metadata.ClassNames);
        Assert.Equal(model.Metadata.Metrics.OrderBy(static k => k.Key), loaded.Metadata.Metrics.OrderBy(static k => k.Key));
        Assert.Equal(model.Summary(), loaded.Summary());

        // Saving again over the file keeps it loadable and identical in content.
        loaded.Save(path);
        Assert.Equal(expected[0].Probabilities.ToArray(), Model.Load(path).Classify([inputs[0]])[0].Probabilities.ToArray());
    }

    [Fact]
    public void AFileNamingAnUnregisteredModelTypeFailsWithTheFileAndTheType()
    {
        string path = Path.Combine(_dir, "custom.recur");
        new Unregistered().Save(path);
        var e = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("custom.recur", e.Message, StringComparison.Ordinal);
        Assert.Contains("NotRegisteredAnywhere", e.Message, StringComparison.Ordinal);
    }

    private sealed class Unregistered : Model
    {
        public override SequenceBatch Forward(SequenceBatch input) => input;

        public override int[] OutputShape(int[] inputShape) => inputShape;

        public override LayerConfig GetConfig() => new("NotRegisteredAnywhere", []);
    }
}
