using Recur.Losses;
using Recur.Modules;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Golden;

/// <summary>Every golden case of the LSTM kinds: forward values and every gradient at the float32 tolerances.</summary>
public sealed class LstmGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> LayerCases => GoldenCase.NamesOfKind("lstm", "packed_lstm", "lstm_peephole", "lstm_cifg");

    public static TheoryData<string> ModelCases => GoldenCase.NamesOfKind("model_lstm_linear_ce");

    public static TheoryData<string> CellCases => GoldenCase.NamesOfKind("lstm_cell");

    [Theory]
    [MemberData(nameof(CellCases))]
    public void CellMatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        bool bias = c.Bool("bias", c.Params.ContainsKey("bias_ih"));
        var cell = new LstmCell(c.Int("input_size"), c.Int("hidden_size"), bias);
        cell.LoadStateDict(c.Params.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToTensor()));
        Tensor x = c.Inputs["x"].ToTensor(requiresGrad: true);
        Assert.Equal([c.Int("batch_size"), c.Int("input_size")], x.Shape);
        Tensor h0 = c.Inputs["h0"].ToTensor(requiresGrad: true);
        Tensor c0 = c.Inputs["c0"].ToTensor(requiresGrad: true);
        LstmCellOutput r = cell.Forward(x, h0, c0);
        var worst = new List<double>
        {
            GoldenCase.AssertClose(r.HiddenState, c.Outputs["h1"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} h1"),
            GoldenCase.AssertClose(r.CellState, c.Outputs["c1"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} c1"),
        };

        Tensor loss = (r.HiddenState * c.Upstream["dh1"].ToTensor()).Sum() + (r.CellState * c.Upstream["dc1"].ToTensor()).Sum();
        loss.Backward();
        worst.Add(GoldenCase.AssertClose(x.Grad!, c.Grads["x"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dx"));
        worst.Add(GoldenCase.AssertClose(h0.Grad!, c.Grads["h0"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dh0"));
        worst.Add(GoldenCase.AssertClose(c0.Grad!, c.Grads["c0"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dc0"));
        worst.Add(CheckParameterGrads(c, cell.NamedParameters(), string.Empty));
        output.WriteLine($"GOLDEN {name}: worst {worst.Max():F3}× tolerance");
    }

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void LayerMatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        Lstm lstm = CreateLstm(c, prefix: string.Empty);
        lstm.LoadStateDict(c.Params.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToTensor()));

        Tensor x = c.Inputs["x"].ToTensor(requiresGrad: true);
        bool hasState = c.Bool("has_initial_state", c.Inputs.ContainsKey("h0"));
        Tensor? h0 = hasState ? c.Inputs["h0"].ToTensor(requiresGrad: true) : null;
        Tensor? c0 = hasState ? c.Inputs["c0"].ToTensor(requiresGrad: true) : null;
        int[]? lengths = c.Ints.TryGetValue("lengths", out int[]? l) ? l : null;
        Assert.Equal(c.Kind == "packed_lstm", lengths is not null);

        RnnOutput r = lstm.Forward(x, h0, c0, lengths);
        var worst = new List<double>
        {
            GoldenCase.AssertClose(r.Output, c.Outputs["y"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} y"),
            GoldenCase.AssertClose(r.HiddenState, c.Outputs["h_n"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} h_n"),
            GoldenCase.AssertClose(r.CellState!, c.Outputs["c_n"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} c_n"),
        };

        Tensor loss = (r.Output * c.Upstream["dy"].ToTensor()).Sum()
            + (r.HiddenState * c.Upstream["dh_n"].ToTensor()).Sum()
            + (r.CellState! * c.Upstream["dc_n"].ToTensor()).Sum();
        loss.Backward();

        worst.Add(GoldenCase.AssertClose(x.Grad!, c.Grads["x"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dx"));
        if (hasState)
        {
            worst.Add(GoldenCase.AssertClose(h0!.Grad!, c.Grads["h0"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dh0"));
            worst.Add(GoldenCase.AssertClose(c0!.Grad!, c.Grads["c0"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dc0"));
        }

        worst.Add(CheckParameterGrads(c, lstm.NamedParameters(), string.Empty));
        output.WriteLine($"GOLDEN {name}: worst {worst.Max():F3}× tolerance");
    }

    [Theory]
    [MemberData(nameof(ModelCases))]
    public void ModelMatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        var model = new LstmLinearModel(CreateLstm(c, "lstm."), new Linear(c.Int("hidden_size"), c.Int("num_classes")));
        model.LoadStateDict(c.Params.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToTensor()));
        Assert.Equal(c.Params.Keys, model.NamedParameters().Select(static p => p.Name));

        Tensor x = c.Inputs["x"].ToTensor(requiresGrad: true);
        Tensor logits = model.Forward(x);
        var ce = new CrossEntropyLoss(labelSmoothing: (float)c.Double("label_smoothing", 0));
        Tensor loss = ce.Forward(logits, c.Ints["target"]);
        var worst = new List<double>
        {
            GoldenCase.AssertClose(logits, c.Outputs["logits"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} logits"),
            GoldenCase.AssertClose(loss, c.Outputs["loss"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{name} loss"),
        };

        loss.Backward();
        worst.Add(GoldenCase.AssertClose(x.Grad!, c.Grads["x"], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{name} dx"));
        worst.Add(CheckParameterGrads(c, model.NamedParameters(), string.Empty));
        output.WriteLine($"GOLDEN {name}: worst {worst.Max():F3}× tolerance");
    }

    /// <summary>An Lstm built from a case's config (every size and flag read from the JSON).</summary>
    internal static Lstm CreateLstm(GoldenCase c, string prefix)
    {
        bool peepholes = c.Kind == "lstm_peephole";
        bool coupled = c.Kind == "lstm_cifg";
        bool bias = c.Bool("bias", c.Params.ContainsKey(prefix + "bias_ih_l0"));
        return new Lstm(
            c.Int("input_size"), c.Int("hidden_size"), c.Has("num_layers") ? c.Int("num_layers") : 1, bias,
            c.Bool("batch_first"), (float)c.Double("dropout", 0), c.Bool("bidirectional"),
            c.Has("proj_size") ? c.Int("proj_size") : 0, peepholes, coupled);
    }

    /// <summary>Checks the gradient of every parameter against the case (all must be present), returns the worst ratio.</summary>
    internal static double CheckParameterGrads(GoldenCase c, IEnumerable<(string Name, Tensor Parameter)> parameters, string prefix)
    {
        double worst = 0;
        int count = 0;
        foreach ((string pname, Tensor p) in parameters)
        {
            string key = prefix + pname;
            Assert.True(c.Grads.ContainsKey(key), $"{c.Name}: no reference gradient for {key}");
            Assert.True(p.Grad is not null, $"{c.Name}: no gradient computed for {key}");
            worst = Math.Max(worst, GoldenCase.AssertClose(p.Grad!, c.Grads[key], GoldenCase.GradRtol, GoldenCase.GradAtol, $"{c.Name} d{key}"));
            count++;
        }

        Assert.Equal(c.Params.Count, count);
        return worst;
    }
}
