using Recur.Modules;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Golden;

/// <summary>
/// Every golden case of the GRU (reset-after, reset-before, packed) and simple-RNN sequence layers: y, h_n and every
/// gradient (x, h0, each parameter) of loss = Σ y⊙dy + Σ h_n⊙dh_n. Sizes and flags come from each case's config.
/// </summary>
public sealed class GruRnnGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => GoldenCase.NamesOfKind("gru", "gru_reset_before", "packed_gru", "rnn_tanh", "rnn_relu");

    [Fact]
    public void TheCasesArePresent()
    {
        Assert.True(Cases.Count >= 21, $"expected at least 21 GRU/RNN layer cases, found {Cases.Count}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        RecurrentLayerBase layer = Create(c);
        Assert.Equal(c.Params.Keys, layer.NamedParameters().Select(static p => p.Name));
        layer.LoadStateDict(c.Params.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToTensor()));

        Tensor x = c.Inputs["x"].ToTensor(requiresGrad: true);
        bool hasState = c.Bool("has_initial_state", true);
        Assert.Equal(hasState, c.Inputs.ContainsKey("h0"));
        Tensor? h0 = hasState ? c.Inputs["h0"].ToTensor(requiresGrad: true) : null;
        int[]? lengths = c.Ints.TryGetValue("lengths", out int[]? l) ? l : null;
        Assert.Equal(c.Kind.StartsWith("packed", StringComparison.Ordinal), lengths is not null);

        RnnOutput result = layer switch
        {
            Gru gru => gru.Forward(x, h0, lengths),
            Rnn rnn => rnn.Forward(x, h0, lengths),
            _ => throw new InvalidOperationException(),
        };
        Assert.Null(result.CellState);
        var worst = new List<double>
        {
            GoldenCase.AssertClose(result.Output, c.Outputs["y"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} y"),
            GoldenCase.AssertClose(result.HiddenState, c.Outputs["h_n"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} h_n"),
        };

        Tensor loss = (result.Output * c.Upstream["dy"].ToTensor()).Sum() + (result.HiddenState * c.Upstream["dh_n"].ToTensor()).Sum();
        loss.Backward();
        worst.Add(GoldenCase.AssertClose(x.Grad!, c.Grads["x"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dx"));
        if (h0 is not null)
        {
            worst.Add(GoldenCase.AssertClose(h0.Grad!, c.Grads["h0"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dh0"));
        }

        foreach ((string pname, Tensor p) in layer.NamedParameters())
        {
            worst.Add(GoldenCase.AssertClose(p.Grad!, c.Grads[pname], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} d{pname}"));
        }

        output.WriteLine($"GOLDEN {name}: worst {worst.Max():F3}× tolerance");
    }

    private static RecurrentLayerBase Create(GoldenCase c)
    {
        int inputSize = c.Int("input_size"), hiddenSize = c.Int("hidden_size"), layers = c.Int("num_layers");
        bool bias = c.Bool("bias", true), batchFirst = c.Bool("batch_first"), bidirectional = c.Bool("bidirectional");
        float dropout = (float)c.Double("dropout", 0);
        Assert.Equal(0, c.Int("proj_size"));
        if (c.Kind.Contains("gru", StringComparison.Ordinal))
        {
            bool resetAfter = c.Bool("reset_after", true);
            Assert.Equal(c.Kind != "gru_reset_before", resetAfter);
            return new Gru(inputSize, hiddenSize, layers, bias, batchFirst, dropout, bidirectional, resetAfter);
        }

        var nonlinearity = c.String("nonlinearity") == "relu" ? Nonlinearity.Relu : Nonlinearity.Tanh;
        Assert.Equal(c.Kind == "rnn_relu", nonlinearity == Nonlinearity.Relu);
        return new Rnn(inputSize, hiddenSize, layers, nonlinearity, bias, batchFirst, dropout, bidirectional);
    }
}
