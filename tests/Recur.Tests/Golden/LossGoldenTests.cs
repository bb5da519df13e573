using Recur.Losses;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Golden;

public sealed class LossGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> MseCases => GoldenCase.NamesOfKind("loss_mse");

    public static TheoryData<string> CrossEntropyCases => GoldenCase.NamesOfKind("loss_cross_entropy");

    public static TheoryData<string> BceCases => GoldenCase.NamesOfKind("loss_bce_with_logits");

    [Theory]
    [MemberData(nameof(MseCases))]
    public void MseMatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        Tensor pred = c.Inputs["pred"].ToTensor(requiresGrad: true);
        Tensor target = c.Inputs["target"].ToTensor(requiresGrad: c.Grads.ContainsKey("target"));
        Tensor loss = new MseLoss(ReductionOf(c)).Forward(pred, target);
        Check(c, loss, ("pred", pred), ("target", target));
    }

    [Theory]
    [MemberData(nameof(CrossEntropyCases))]
    public void CrossEntropyMatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        Tensor logits = c.Inputs["logits"].ToTensor(requiresGrad: true);
        Assert.Equal([c.Int("batch_size"), c.Int("num_classes")], logits.Shape);
        float[]? weights = c.Has("weight") ? [.. c.Doubles("weight").Select(static w => (float)w)] : null;
        int? ignore = c.Has("ignore_index") ? c.Int("ignore_index") : null;
        var ce = new CrossEntropyLoss(weights, (float)c.Double("label_smoothing", 0), ignore, ReductionOf(c));
        Tensor loss = ce.Forward(logits, c.Ints["target"]);
        Check(c, loss, ("logits", logits));
    }

    [Theory]
    [MemberData(nameof(BceCases))]
    public void BceWithLogitsMatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.Load(name);
        Tensor logits = c.Inputs["logits"].ToTensor(requiresGrad: true);
        Tensor target = c.Inputs["target"].ToTensor(requiresGrad: c.Grads.ContainsKey("target"));
        float[]? posWeight = c.Has("pos_weight") ? [.. c.Doubles("pos_weight").Select(static w => (float)w)] : null;
        Tensor loss = new BceWithLogitsLoss(posWeight, ReductionOf(c)).Forward(logits, target);
        Check(c, loss, ("logits", logits), ("target", target));
    }

    private static Reduction ReductionOf(GoldenCase c) => (c.String("reduction") ?? "mean") switch
    {
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "none" => Reduction.None,
        string r => throw new NotSupportedException($"reduction '{r}'"),
    };

    private void Check(GoldenCase c, Tensor loss, params (string Name, Tensor Tensor)[] inputs)
    {
        var worst = new List<double>
        {
            GoldenCase.AssertClose(loss, c.Outputs["loss"], GoldenCase.ForwardRtol, GoldenCase.ForwardAtol, $"{c.Name} loss"),
        };
        loss.Backward(loss.Rank == 0 ? null : Tensor.Ones(loss.Shape));
        foreach ((string name, Tensor t) in inputs)
        {
            if (c.Grads.TryGetValue(name, out GoldenTensor? g))
            {
                worst.Add(GoldenCase.AssertClose(t.Grad!, g, GoldenCase.GradRtol, GoldenCase.GradAtol, $"{c.Name} d{name}"));
            }
        }

        Assert.All(c.Grads.Keys, k => Assert.Contains(k, inputs.Select(static i => i.Name)));
        output.WriteLine($"GOLDEN {c.Name}: worst {worst.Max():F3}× tolerance");
    }
}
