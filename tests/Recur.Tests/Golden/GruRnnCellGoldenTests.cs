using Recur.Modules;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Golden;

/// <summary>Every golden case of the GRU and simple-RNN cells: h1 and every gradient (x, h0, each parameter).</summary>
public sealed class GruRnnCellGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => GoldenCase.NamesOfKind("gru_cell", "gru_cell_reset_before", "rnn_cell_tanh", "rnn_cell_relu");

    [Fact]
    public void TheCasesArePresent()
    {
        Assert.True(Cases.Count >= 5, $"expected at least 5 GRU/RNN cell cases, found {Cases.Count}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        int inputSize = c.Int("input_size"), hiddenSize = c.Int("hidden_size");
        bool bias = c.Bool("bias", true);
        Module cell;
        Func<Tensor, Tensor, Tensor> forward;
        if (c.Kind.StartsWith("gru", StringComparison.Ordinal))
        {
            var gru = new GruCell(inputSize, hiddenSize, bias, c.Bool("reset_after", true));
            cell = gru;
            forward = gru.Forward;
        }
        else
        {
            var nonlinearity = c.String("nonlinearity") == "relu" ? Nonlinearity.Relu : Nonlinearity.Tanh;
            Assert.Equal(c.Kind == "rnn_cell_relu", nonlinearity == Nonlinearity.Relu);
            var rnn = new RnnCell(inputSize, hiddenSize, bias, nonlinearity);
            cell = rnn;
            forward = rnn.Forward;
        }

        Assert.Equal(c.Params.Keys.Order(StringComparer.Ordinal), cell.NamedParameters().Select(static p => p.Name).Order(StringComparer.Ordinal));
        cell.LoadStateDict(c.Params.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToTensor()));

        Tensor x = c.Inputs["x"].ToTensor(requiresGrad: true);
        Assert.Equal(c.Int("batch_size"), x.Size(0));
        Tensor h0 = c.Inputs["h0"].ToTensor(requiresGrad: true);
        Tensor h1 = forward(x, h0);
        var worst = new List<double> { GoldenCase.AssertClose(h1, c.Outputs["h1"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} h1") };

        h1.Backward(c.Upstream["dh1"].ToTensor());
        worst.Add(GoldenCase.AssertClose(x.Grad!, c.Grads["x"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dx"));
        worst.Add(GoldenCase.AssertClose(h0.Grad!, c.Grads["h0"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dh0"));
        foreach ((string pname, Tensor p) in cell.NamedParameters())
        {
            worst.Add(GoldenCase.AssertClose(p.Grad!, c.Grads[pname], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} d{pname}"));
        }

        output.WriteLine($"GOLDEN {name}: worst {worst.Max():F3}× tolerance");
    }
}
