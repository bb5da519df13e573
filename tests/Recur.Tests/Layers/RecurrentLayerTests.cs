using Recur.Autograd;
using Recur.Layers;
using Recur.Modules;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.LayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class RecurrentLayerTests
{
    private const int B = 3;
    private const int T = 5;
    private const int I = 3;
    private const int H = 4;

    public static TheoryData<string> Kinds => new() { "lstm", "lstm_proj_bidir_2", "gru", "gru_bidir", "rnn_relu_bidir", "lstm_batch_first" };

    private static RecurrentLayerBase Create(string kind, ulong seed = 7) => kind switch
    {
        "lstm" => new Lstm(I, H, seed: seed),
        "lstm_proj_bidir_2" => new Lstm(I, H, numLayers: 2, bidirectional: true, projSize: 2, peepholes: true, seed: seed),
        "lstm_batch_first" => new Lstm(I, H, batchFirst: true, bidirectional: true, seed: seed),
        "gru" => new Gru(I, H, seed: seed),
        "gru_bidir" => new Gru(I, H, numLayers: 2, bidirectional: true, resetAfter: false, seed: seed),
        "rnn_relu_bidir" => new Rnn(I, H, nonlinearity: Nonlinearity.Relu, bidirectional: true, seed: seed),
        "rnn_tanh_bidir" => new Rnn(I, H, bidirectional: true, seed: seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The module's own tensor API on (T, B, I) or (B, T, I), as the module's layout says.</summary>
    private static RnnOutput Direct(RecurrentLayerBase layer, Tensor batchFirst, int[]? lengths, Tensor? h0 = null, Tensor? c0 = null)
    {
        Tensor x = layer.BatchFirst ? batchFirst : batchFirst.Transpose(0, 1);
        return layer switch
        {
            Lstm l => l.Forward(x, h0, c0, lengths),
            Gru g => g.Forward(x, h0, lengths),
            Rnn r => r.Forward(x, h0, lengths),
            _ => throw new ArgumentOutOfRangeException(nameof(layer)),
        };
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SequenceModeIsTheModuleOutputBatchFirst(string kind)
    {
        RecurrentLayerBase layer = Create(kind);
        Tensor x = Batch(1, B, T, I);
        int[] lengths = [5, 2, 4];
        using NoGradScope _ = GradMode.NoGrad();
        foreach (int[]? lens in new[] { null, lengths })
        {
            SequenceBatch y = layer.Forward(new SequenceBatch(x, lens));
            Tensor expected = Direct(layer, x, lens).Output;
            if (!layer.BatchFirst)
            {
                expected = expected.Transpose(0, 1);
            }

            Assert.Equal([B, T, layer.NumDirections * layer.OutputSize], y.Data.Shape);
            Assert.Equal(expected.ToArray(), y.Data.ToArray());
            Assert.Same(lens, y.Lengths);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LastModeIsTheLastLayersFinalStatePerDirection(string kind)
    {
        RecurrentLayerBase layer = Create(kind);
        layer.OutputMode = OutputMode.Last;
        Tensor x = Batch(2, B, T, I);
        int[] lengths = [3, 5, 1];
        using NoGradScope _ = GradMode.NoGrad();
        SequenceBatch y = layer.Forward(new SequenceBatch(x, lengths));
        int d = layer.NumDirections;
        int hout = layer.OutputSize;
        Assert.Equal([B, d * hout], y.Data.Shape);
        Assert.Null(y.Lengths);

        // Independently from the sequence output: the forward direction's state is its output at step lengths[b] − 1,
        // the reverse direction's its output at step 0.
        layer.OutputMode = OutputMode.Sequence;
        Tensor seq = layer.Forward(new SequenceBatch(x, lengths)).Data; // (B, T, D·Hout)
        Tensor hn = Direct(layer, x, lengths).HiddenState; // (L·D, B, Hout)
        int lastLayer = layer.NumLayers - 1;
        for (int b = 0; b < B; b++)
        {
            for (int j = 0; j < hout; j++)
            {
                Assert.Equal(seq[b, lengths[b] - 1, j], y.Data[b, j]);
                Assert.Equal(hn[lastLayer * d, b, j], y.Data[b, j]);
                if (d == 2)
                {
                    Assert.Equal(seq[b, 0, hout + j], y.Data[b, hout + j]);
                    Assert.Equal(hn[(lastLayer * d) + 1, b, j], y.Data[b, hout + j]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void PaddingNeverChangesValidResults(string kind)
    {
        RecurrentLayerBase layer = Create(kind);
        Tensor x = Batch(3, B, T, I);
        int[] lengths = [2, 5, 3];
        AssertPaddingInvariant(layer, x, lengths, paddedZero: true);
        layer.OutputMode = OutputMode.Last;
        AssertPaddingInvariant(layer, x, lengths, paddedZero: true);
    }

    [Theory]
    [InlineData("lstm", OutputMode.Last)]
    [InlineData("lstm_proj_bidir_2", OutputMode.Last)]
    [InlineData("gru_bidir", OutputMode.Sequence)]
    [InlineData("rnn_tanh_bidir", OutputMode.Last)]
    [InlineData("gru", OutputMode.Last)]
    [InlineData("lstm_batch_first", OutputMode.Sequence)]
    public void GradientsMatchFiniteDifferences(string kind, OutputMode mode)
    {
        RecurrentLayerBase layer = Create(kind);
        layer.OutputMode = mode;
        Tensor x = GradCheck.Leaf(4, -1f, 1f, 2, 3, I);
        int[] lengths = [3, 2];
        Tensor[] inputs = [x, .. layer.Parameters()];
        GradCheck.Check(ins => layer.Forward(new SequenceBatch(ins[0], lengths)).Data, inputs, eps: 2e-3f, rtol: 2e-2, atol: 2e-3);
        // Padded inputs get no gradient.
        Assert.Equal(0f, x.Grad![1, 2, 0]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StatefulChunksEqualOneCall(string kind)
    {
        RecurrentLayerBase layer = Create(kind);
        if (layer.Bidirectional)
        {
            return; // a reverse direction cannot be streamed
        }

        Tensor x = Batch(5, B, T, I);
        using NoGradScope _ = GradMode.NoGrad();
        Tensor whole = layer.Forward(new SequenceBatch(x)).Data;
        layer.Stateful = true;
        Tensor first = layer.Forward(new SequenceBatch(x.Slice(1, 0, 2))).Data;
        Tensor second = layer.Forward(new SequenceBatch(x.Slice(1, 2, 3))).Data;
        Assert.Equal(whole.ToArray(), Tensor.Concat(1, first, second).ToArray());
        Assert.NotNull(layer.CarriedHiddenState);
        Assert.Equal(layer.HasCellState, layer.CarriedCellState is not null);
        Assert.False(layer.CarriedHiddenState!.RequiresGrad);

        // Last mode over chunks: the final state equals the one-call final state.
        layer.ResetState();
        layer.OutputMode = OutputMode.Last;
        layer.Forward(new SequenceBatch(x.Slice(1, 0, 4)));
        Tensor lastChunked = layer.Forward(new SequenceBatch(x.Slice(1, 4, 1))).Data;
        layer.ResetState();
        Tensor lastWhole = layer.Forward(new SequenceBatch(x)).Data;
        Assert.Equal(lastWhole.ToArray(), lastChunked.ToArray());
    }

    [Fact]
    public void StatefulStepByStepEqualsOneCallAndResetStartsOver()
    {
        var lstm = new Lstm(I, H, numLayers: 2, seed: 3) { Stateful = true };
        Tensor x = Batch(6, B, T, I);
        using NoGradScope _ = GradMode.NoGrad();
        var steps = new List<Tensor>();
        for (int t = 0; t < T; t++)
        {
            steps.Add(lstm.Forward(new SequenceBatch(x.Slice(1, t, 1))).Data);
        }

        lstm.ResetState();
        Tensor whole = lstm.Forward(new SequenceBatch(x)).Data;
        Assert.Equal(whole.ToArray(), Tensor.Concat(1, [.. steps]).ToArray());

        // Not stateful: every call starts from zeros, so the second chunk differs from its stateful version.
        lstm.Stateful = false;
        Tensor fresh = lstm.Forward(new SequenceBatch(x.Slice(1, 2, 3))).Data;
        Assert.NotEqual(whole.Slice(1, 2, 3).ToArray(), fresh.ToArray());
        Assert.Null(lstm.CarriedHiddenState);
    }

    [Fact]
    public void StatefulBatchSizeChangeIsAClearError()
    {
        var gru = new Gru(I, H) { Stateful = true };
        gru.Forward(new SequenceBatch(Batch(7, 2, 3, I)));
        var e = Assert.Throws<ArgumentException>(() => gru.Forward(new SequenceBatch(Batch(8, 3, 3, I))));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("B = 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("B = 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("ResetState", e.Message, StringComparison.Ordinal);
        gru.ResetState();
        Assert.Equal([3, 3, H], gru.Forward(new SequenceBatch(Batch(8, 3, 3, I))).Data.Shape);
    }

    [Fact]
    public void WrongInputShapeNamesTheLayerAndShapes()
    {
        var lstm = new Lstm(I, H);
        var e = Assert.Throws<ArgumentException>(() => lstm.Forward(new SequenceBatch(Tensor.Zeros(2, 3, I + 1))));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("Lstm(3, 4)", e.Message, StringComparison.Ordinal);
        Assert.Contains("(B, T, 3)", e.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 3, 4)", e.Message, StringComparison.Ordinal);
        var l = Assert.ThrowsAny<ArgumentException>(() => lstm.Forward(new SequenceBatch(Tensor.Zeros(2, 3, I), [1, 4])));
        Assert.Equal("lengths", l.ParamName);
    }

    [Fact]
    public void OutputShapes()
    {
        var lstm = new Lstm(I, H, bidirectional: true, projSize: 2);
        Assert.Equal([-1, 4], lstm.OutputShape([-1, I]));
        Assert.Equal([7, 4], lstm.OutputShape([7, I]));
        lstm.OutputMode = OutputMode.Last;
        Assert.Equal([4], lstm.OutputShape([-1, I]));
        Assert.Equal([H], new Gru(I, H) { OutputMode = OutputMode.Last }.OutputShape([5, I]));
        var e = Assert.Throws<ArgumentException>(() => lstm.OutputShape([5, I + 2]));
        Assert.Equal("inputShape", e.ParamName);
        Assert.Contains("[5, 5]", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> ConfigVariants => new()
    {
        "lstm_all", "lstm_default", "gru", "rnn",
    };

    [Theory]
    [MemberData(nameof(ConfigVariants))]
    public void RegistryRebuildsAnEqualLayer(string variant)
    {
        RecurrentLayerBase layer = variant switch
        {
            "lstm_all" => new Lstm(I, H, numLayers: 2, bias: false, batchFirst: true, dropout: 0.25f, bidirectional: true, projSize: 3,
                peepholes: true, coupledInputForget: true, seed: 99, cellClip: 1.5f, gateActivation: GateActivation.HardSigmoid,
                stateActivation: StateActivation.Softsign) { OutputMode = OutputMode.Last, RecurrentDropout = 0.3f },
            "lstm_default" => new Lstm(I, H),
            "gru" => new Gru(I, H, numLayers: 2, bidirectional: true, resetAfter: false, seed: 5, dropout: 0.5f) { OutputMode = OutputMode.Last },
            "rnn" => new Rnn(I, H, nonlinearity: Nonlinearity.Relu, bias: false, seed: 6),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        layer.Eval();
        var config = layer.GetConfig();
        Assert.Equal(layer switch { Lstm => "Lstm", Gru => "Gru", _ => "Rnn" }, config.Type);
        Layer copy = AssertRoundTrip(layer, Batch(9, B, T, I), [5, 3, 1]);
        var rebuilt = (RecurrentLayerBase)LayerRegistry.Create(ThroughJson(config));
        AssertSameConfig(config, rebuilt.GetConfig());
        Assert.Equal(layer.OutputMode, ((RecurrentLayerBase)copy).OutputMode);
        if (layer is Lstm lstm)
        {
            var l = (Lstm)rebuilt;
            Assert.Equal((lstm.CellClip, lstm.GateActivation, lstm.StateActivation, lstm.ProjSize, lstm.Peepholes, lstm.CoupledInputForget, lstm.Dropout, lstm.Seed),
                (l.CellClip, l.GateActivation, l.StateActivation, l.ProjSize, l.Peepholes, l.CoupledInputForget, l.Dropout, l.Seed));
            Assert.Equal(lstm.RecurrentDropout, l.RecurrentDropout);
            foreach (string key in new[] { "inputSize", "hiddenSize", "numLayers", "bias", "batchFirst", "dropout", "bidirectional", "projSize",
                "peepholes", "coupledInputForget", "seed", "cellClip", "gateActivation", "stateActivation", "recurrentDropout", "outputMode" })
            {
                Assert.True(config.Arguments.ContainsKey(key), key);
            }
        }

        // Same seed and arguments: the rebuilt layer starts from the same weights.
        Assert.Equal(layer.Parameters().SelectMany(p => p.ToArray()), rebuilt.Parameters().SelectMany(p => p.ToArray()));
    }

    [Fact]
    public void BadConfigArgumentsAreClearErrors()
    {
        var config = new Lstm(I, H).GetConfig();
        config.Arguments.Remove("hiddenSize");
        var e = Assert.Throws<ArgumentException>(() => LayerRegistry.Create(config));
        Assert.Contains("hiddenSize", e.Message, StringComparison.Ordinal);
        var bad = new Gru(I, H).GetConfig();
        bad.Arguments["outputMode"] = "Everything";
        var m = Assert.Throws<ArgumentException>(() => LayerRegistry.Create(bad));
        Assert.Contains("outputMode", m.Message, StringComparison.Ordinal);
        Assert.Contains("Sequence, Last", m.Message, StringComparison.Ordinal);
        Assert.Contains("\"Everything\"", m.Message, StringComparison.Ordinal);
    }
}
