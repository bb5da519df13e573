using Recur.Modules;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Modules.GruRnnTestHelpers;

namespace Recur.Tests.Modules;

/// <summary>
/// Finite-difference checks of the fused GRU (reset-after, reset-before) and simple-RNN (tanh, relu) backward
/// passes, through the modules: x, h0 and every parameter, with variable lengths, bidirectional and stacked layers,
/// and of the cells.
/// </summary>
public sealed class GruRnnGradientTests
{
    public static TheoryData<string, int, bool, bool> Layouts()
    {
        var data = new TheoryData<string, int, bool, bool>();
        foreach (string kind in new[] { "gru", "gru_reset_before", "rnn_tanh", "rnn_relu" })
        {
            data.Add(kind, 1, false, false); // one layer, one direction
            data.Add(kind, 1, true, true);   // bidirectional, variable lengths
            data.Add(kind, 2, true, false);  // stacked bidirectional
            data.Add(kind, 2, false, true);  // stacked, variable lengths
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void LayerGradientsMatchFiniteDifferences(string kind, int layers, bool bidirectional, bool withLengths)
    {
        const int t = 4, b = 3, i = 3, h = 4;
        int d = bidirectional ? 2 : 1;
        RecurrentLayerBase layer = Create(kind, i, h, layers, bidirectional, seed: 50);
        Tensor x = GradCheck.Leaf(51, -1f, 1f, t, b, i);
        Tensor h0 = GradCheck.Leaf(52, -1f, 1f, layers * d, b, h);
        int[]? lengths = withLengths ? [2, 4, 1] : null;
        Tensor[] inputs = [x, h0, .. layer.Parameters()];
        float eps = kind == "rnn_relu" ? 1e-3f : 1e-2f;
        GradCheck.Check(
            v =>
            {
                RnnOutput r = Run(layer, v[0], v[1], lengths);
                return Tensor.Concat(0, r.Output.Reshape(-1), r.HiddenState.Reshape(-1));
            },
            inputs, eps);
    }

    [Theory]
    [MemberData(nameof(Kinds), MemberType = typeof(GruRnnTestHelpers))]
    public void WideLayerGradientsMatchFiniteDifferences(string kind)
    {
        // H = 20: the vectorized gate kernels' body (16 lanes) and scalar tail both run.
        RecurrentLayerBase layer = Create(kind, 2, 20, 1, bidirectional: true, seed: 70);
        Tensor x = GradCheck.Leaf(71, -1f, 1f, 3, 2, 2);
        Tensor h0 = GradCheck.Leaf(72, -1f, 1f, 2, 2, 20);
        GradCheck.Check(
            v =>
            {
                RnnOutput r = Run(layer, v[0], v[1], [3, 2]);
                return Tensor.Concat(0, r.Output.Reshape(-1), r.HiddenState.Reshape(-1));
            },
            [x, h0, .. layer.Parameters()],
            kind == "rnn_relu" ? 1e-3f : 1e-2f);
    }

    [Theory]
    [MemberData(nameof(Kinds), MemberType = typeof(GruRnnTestHelpers))]
    public void WideInputGradientsMatchFiniteDifferences(string kind)
    {
        // I = 34: dW_ih comes from dGᵀ·X directly (narrow inputs use Xᵀ·dG, transposed).
        RecurrentLayerBase layer = Create(kind, 34, 4, 1, bidirectional: false, seed: 75);
        Tensor x = GradCheck.Leaf(76, -1f, 1f, 3, 2, 34);
        Tensor h0 = GradCheck.Leaf(77, -1f, 1f, 1, 2, 4);
        GradCheck.Check(
            v =>
            {
                RnnOutput r = Run(layer, v[0], v[1], [3, 1]);
                return Tensor.Concat(0, r.Output.Reshape(-1), r.HiddenState.Reshape(-1));
            },
            [x, h0, .. layer.Parameters()],
            kind == "rnn_relu" ? 1e-3f : 1e-2f);
    }

    [Theory]
    [InlineData("gru", true)]
    [InlineData("gru", false)]
    [InlineData("gru_reset_before", true)]
    [InlineData("rnn_tanh", true)]
    [InlineData("rnn_relu", true)]
    [InlineData("rnn_tanh", false)]
    public void CellGradientsMatchFiniteDifferences(string kind, bool bias)
    {
        Module cell = kind switch
        {
            "gru" => new GruCell(3, 5, bias, seed: 60),
            "gru_reset_before" => new GruCell(3, 5, bias, resetAfter: false, seed: 60),
            "rnn_tanh" => new RnnCell(3, 5, bias, seed: 60),
            _ => new RnnCell(3, 5, bias, Nonlinearity.Relu, seed: 60),
        };
        Tensor x = GradCheck.Leaf(61, -1f, 1f, 2, 3);
        Tensor h = GradCheck.Leaf(62, -1f, 1f, 2, 5);
        GradCheck.Check(
            v => cell switch
            {
                GruCell g => g.Forward(v[0], v[1]),
                RnnCell r => r.Forward(v[0], v[1]),
                _ => throw new InvalidOperationException(),
            },
            [x, h, .. cell.Parameters()],
            kind == "rnn_relu" ? 1e-3f : 1e-2f);
    }
}
