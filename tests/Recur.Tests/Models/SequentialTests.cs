using System.Globalization;
using Recur.Autograd;
using Recur.Layers;
using Recur.Models;
using Recur.Modules;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.LayerTestHelpers;

namespace Recur.Tests.Models;

public sealed class SequentialTests
{
    /// <summary>MATLAB's Japanese-vowels classifier, small: input → BiLSTM (last) → Dense → softmax.</summary>
    private static Sequential Classifier(Normalization normalization = Normalization.ZScore) => new(
        new SequenceInput(4, normalization),
        new Lstm(4, 5, bidirectional: true, seed: 3) { OutputMode = OutputMode.Last },
        new Dense(10, 3, seed: 4),
        new Softmax());

    [Fact]
    public void ForwardChainsTheLayers()
    {
        Sequential model = Classifier();
        var input = (SequenceInput)model.Layers[0];
        input.FitStatistics(Batch(1, 5, 6, 4), null);
        Tensor x = Batch(2, 3, 6, 4);
        int[] lengths = [6, 2, 4];
        Tensor y = model.Forward(x, lengths);

        SequenceBatch h = new(x, lengths);
        foreach (Layer layer in model.Layers)
        {
            h = layer.Forward(h);
        }

        Assert.Equal([3, 3], y.Shape);
        Assert.Equal(h.Data.ToArray(), y.ToArray());
        for (int b = 0; b < 3; b++)
        {
            Assert.Equal(1.0, y.Slice(0, b, 1).ToArray().Sum(v => (double)v), 5);
        }

        Assert.Same(x, new Sequential().Forward(new SequenceBatch(x)).Data);
    }

    [Fact]
    public void ChildrenAreNamedLikePyTorch()
    {
        Sequential model = Classifier();
        string[] names = [.. model.StateDict().Keys];
        Assert.Equal("0.mean", names[0]);
        Assert.Contains("1.weight_ih_l0", names);
        Assert.Contains("1.weight_hh_l0_reverse", names);
        Assert.Equal(["2.weight", "2.bias"], names[^2..]);
        Assert.Equal(["0", "1", "2", "3"], model.NamedChildren().Select(c => c.Name));
    }

    [Fact]
    public void AddAppendsAndRejectsDuplicates()
    {
        var model = new Sequential(new Dense(3, 4));
        var dense = new Dense(4, 2, seed: 2);
        model.Add(dense);
        Assert.Equal(2, model.Layers.Count);
        Assert.Same(dense, model.Layers[1]);
        Assert.Contains("1.weight", model.StateDict().Keys);
        var dup = Assert.Throws<ArgumentException>(() => model.Add(dense));
        Assert.Equal("layer", dup.ParamName);
        Assert.Contains("already layer 1", dup.Message, StringComparison.Ordinal);
        Assert.Equal("layer", Assert.Throws<ArgumentException>(() => model.Add(null!)).ParamName);
        Assert.Equal([2], model.OutputShape([3]));
    }

    [Fact]
    public void RegistryRoundTripGivesIdenticalOutputs()
    {
        var model = new Sequential(
            new SequenceInput(3, Normalization.RescaleSymmetric),
            new Gru(3, 4, numLayers: 2, seed: 9),
            new Dropout(0.2f),
            new Bidirectional(new Lstm(4, 2, seed: 6), MergeMode.Average),
            new TimeDistributed(new Dense(2, 2, Activation.Tanh, seed: 1)),
            new Flatten(),
            new Dense(10, 1, seed: 2));
        ((SequenceInput)model.Layers[0]).FitStatistics(Batch(4, 3, 5, 3), [5, 5, 3]);
        model.Eval();
        LayerConfig config = model.GetConfig();
        Assert.Equal("Sequential", config.Type);
        Assert.Equal(["SequenceInput", "Gru", "Dropout", "Bidirectional", "TimeDistributed", "Flatten", "Dense"], config.Children.Select(c => c.Type));
        var copy = (Sequential)AssertRoundTrip(model, Batch(5, 2, 5, 3), [5, 3]);
        Assert.Equal(model.Layers.Count, copy.Layers.Count);
        var fromJson = (Sequential)LayerRegistry.Create(ThroughJson(config));
        fromJson.LoadStateDict(model.StateDict());
        fromJson.Eval();
        Assert.Equal(Run(model, Batch(6, 2, 5, 3)).Data.ToArray(), Run(fromJson, Batch(6, 2, 5, 3)).Data.ToArray());
        Assert.Equal([1], model.OutputShape([5, 3]));
    }

    [Fact]
    public void GradientsFlowThroughTheWholeModel()
    {
        var model = new Sequential(
            new SequenceInput(2, Normalization.MinMax),
            new Lstm(2, 3, seed: 1) { OutputMode = OutputMode.Last },
            new Dense(3, 2, Activation.Softmax, seed: 2));
        ((SequenceInput)model.Layers[0]).FitStatistics(Batch(1, 4, 3, 2), null);
        Tensor x = GradCheck.Leaf(2, -1f, 1f, 2, 3, 2);
        GradCheck.Check(ins => model.Forward(ins[0], [3, 1]), [x, .. model.Parameters()], eps: 2e-3f, rtol: 2e-2, atol: 2e-3);
    }

    [Fact]
    public void SummaryListsLayersShapesAndParameterCounts()
    {
        Sequential model = Classifier();
        string summary = model.Summary();
        string[] lines = summary.Split('\n');
        long total = model.NamedParameters().Sum(p => (long)p.Parameter.Length);
        long lstmParams = model.Layers[1].Parameters().Sum(p => (long)p.Length);
        Assert.Equal(2 * ((4 * 5 * 4) + (4 * 5 * 5) + (2 * 4 * 5)), lstmParams); // independent count: 2 directions × (W_ih, W_hh, 2 biases)
        Assert.Contains("Input shape: (B, T, 4)", summary, StringComparison.Ordinal);
        Assert.Contains($"Total params: {total.ToString(CultureInfo.InvariantCulture)}", summary, StringComparison.Ordinal);
        Assert.Contains($"Trainable params: {total.ToString(CultureInfo.InvariantCulture)}", summary, StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 0", summary, StringComparison.Ordinal);
        Assert.Contains("Buffers: 9", summary, StringComparison.Ordinal); // mean (4), std (4), fitted (1)
        Assert.Contains("Output shape: (B, 3)", summary, StringComparison.Ordinal);

        string Row(int index) => lines.Single(l => l.StartsWith(index.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal));
        Assert.Contains("SequenceInput(4, ZScore)", Row(0), StringComparison.Ordinal);
        Assert.Contains("(B, T, 4)", Row(0), StringComparison.Ordinal);
        Assert.EndsWith(" 0", Row(0), StringComparison.Ordinal);
        Assert.Contains("Lstm(4, 5, bidirectional)", Row(1), StringComparison.Ordinal);
        Assert.Contains("(B, 10)", Row(1), StringComparison.Ordinal);
        Assert.EndsWith(" " + lstmParams.ToString(CultureInfo.InvariantCulture), Row(1), StringComparison.Ordinal);
        Assert.Contains("(B, 3)", Row(2), StringComparison.Ordinal);
        Assert.EndsWith(" 33", Row(2), StringComparison.Ordinal); // 10·3 + 3
        Assert.Contains("Softmax", Row(3), StringComparison.Ordinal);

        // Per-row counts add up to the total.
        long rowSum = Enumerable.Range(0, 4).Sum(i => long.Parse(Row(i).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture));
        Assert.Equal(total, rowSum);

        // An explicit shape with a fixed T; unknown shapes without one.
        Assert.Contains("(B, 7, 4)", model.Summary([7, 4]), StringComparison.Ordinal);
        string unknown = new Sequential(new Dense(3, 2)).Summary();
        Assert.Contains("Input shape: ?", unknown, StringComparison.Ordinal);
        Assert.Contains("Total params: 8", unknown, StringComparison.Ordinal);
        Assert.Contains("(B, 2)", new Sequential(new Dense(3, 2)).Summary([3]), StringComparison.Ordinal);
        var mismatch = Assert.Throws<ArgumentException>(() => new Sequential(new SequenceInput(3), new Dense(4, 2)).Summary());
        Assert.Contains("Dense(4, 2)", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryOfASubclassedModelListsItsChildren()
    {
        var model = new EncoderHead();
        string summary = model.Summary([-1, 2]);
        Assert.Contains("Model: EncoderHead", summary, StringComparison.Ordinal);
        Assert.Contains("encoder: Gru(2, 3)", summary, StringComparison.Ordinal);
        Assert.Contains("head: Dense(3, 1)", summary, StringComparison.Ordinal);
        Assert.Contains("Output shape: (B, 1)", summary, StringComparison.Ordinal);
        Assert.Contains($"Total params: {model.Parameters().Sum(p => p.Length)}", summary, StringComparison.Ordinal);
    }

    /// <summary>A user model PyTorch style: a GRU encoder's last state into a dense head.</summary>
    private sealed class EncoderHead : Model
    {
        private readonly Gru _encoder;
        private readonly Dense _head;

        public EncoderHead()
        {
            _encoder = RegisterModule("encoder", new Gru(2, 3) { OutputMode = OutputMode.Last });
            _head = RegisterModule("head", new Dense(3, 1));
        }

        public override SequenceBatch Forward(SequenceBatch input) => _head.Forward(_encoder.Forward(input));

        public override int[] OutputShape(int[] inputShape) => _head.OutputShape(_encoder.OutputShape(inputShape));

        public override LayerConfig GetConfig() => new("EncoderHead", []);
    }
}
