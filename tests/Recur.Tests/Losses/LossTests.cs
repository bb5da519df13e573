using Recur.Losses;
using Recur.Tests.Autograd;
using Xunit;

namespace Recur.Tests.Losses;

public sealed class LossTests
{
    public static TheoryData<Reduction> Reductions => new() { Reduction.Mean, Reduction.Sum, Reduction.None };

    /// <summary>pred = target + offsets whose magnitudes avoid the given kinks by at least 0.1.</summary>
    private static (Tensor Pred, Tensor Target) AwayFromKinks(float[] magnitudes, params int[] shape)
    {
        Tensor target = GradCheck.Leaf(3, -1f, 1f, shape);
        Tensor pred = Tensor.ZerosLike(target);
        ReadOnlySpan<float> t = target.AsReadOnlySpan();
        Span<float> p = pred.AsSpan();
        for (int i = 0; i < p.Length; i++)
        {
            float m = magnitudes[i % magnitudes.Length];
            p[i] = t[i] + ((i % 3 == 0) ? -m : m);
        }

        pred.RequiresGrad = true;
        return (pred, target);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void MseGradientsMatchFiniteDifferences(Reduction reduction)
    {
        Tensor pred = GradCheck.Leaf(1, -1f, 1f, 3, 4);
        Tensor target = GradCheck.Leaf(2, -1f, 1f, 3, 4);
        var loss = new MseLoss(reduction);
        GradCheck.Check(t => loss.Forward(t[0], t[1]), [pred, target]);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void MaeGradientsMatchFiniteDifferencesAwayFromZero(Reduction reduction)
    {
        (Tensor pred, Tensor target) = AwayFromKinks([0.3f, 0.7f, 0.15f, 1.1f], 2, 5);
        var loss = new MaeLoss(reduction);
        GradCheck.Check(t => loss.Forward(t[0], t[1]), [pred, target]);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void HuberGradientsMatchFiniteDifferencesAwayFromDelta(Reduction reduction)
    {
        (Tensor pred, Tensor target) = AwayFromKinks([0.3f, 0.6f, 1.4f, 2.2f, 0.2f], 3, 4);
        var loss = new HuberLoss(delta: 1f, reduction);
        GradCheck.Check(t => loss.Forward(t[0], t[1]), [pred, target]);
    }

    [Fact]
    public void ValuesMatchHandComputation()
    {
        Tensor pred = Tensor.FromArray([0f, 1f, 3f, -2f], 4);
        Tensor target = Tensor.FromArray([0.5f, 1f, 0f, 0f], 4);
        Assert.Equal((0.25f + 0f + 9f + 4f) / 4f, new MseLoss().Forward(pred, target).Item(), 6);
        Assert.Equal(0.5f + 3f + 2f, new MaeLoss(Reduction.Sum).Forward(pred, target).Item(), 6);
        // Huber δ = 1: 0.125, 0, 2.5, 1.5.
        Assert.Equal([0.125f, 0f, 2.5f, 1.5f], new HuberLoss(1f, Reduction.None).Forward(pred, target).ToArray());
        Assert.Equal([0.125f, 0f, 4f, 2f], new HuberLoss(2f, Reduction.None).Forward(pred, target).ToArray()); // δ = 2: ½d², δ(|d| − 1)
        Assert.Equal([], new MseLoss().Forward(pred, target).Shape);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void CrossEntropyWithWeightsSmoothingAndIgnoreMatchesFiniteDifferences(Reduction reduction)
    {
        Tensor logits = GradCheck.Leaf(4, -2f, 2f, 4, 3);
        var loss = new CrossEntropyLoss([0.5f, 2f, 0f], labelSmoothing: 0.2f, ignoreIndex: -100, reduction);
        int[] targets = [2, 0, -100, 1]; // class 2 has weight 0: only its smoothing term remains
        GradCheck.Check(t => loss.Forward(t[0], targets), [logits]);
    }

    [Fact]
    public void CrossEntropyWeightedMeanDividesBySumOfTargetWeights()
    {
        float[] z = [1f, 2f, 0.5f, -1f, 0f, 3f];
        Tensor logits = Tensor.FromArray(z, 2, 3);
        float[] w = [0.5f, 2f, 1f];
        int[] targets = [1, 2];
        const float eps = 0.1f;
        double expected = 0;
        for (int b = 0; b < 2; b++)
        {
            double lse = Math.Log(Enumerable.Range(0, 3).Sum(c => Math.Exp(z[(b * 3) + c])));
            double nll = w[targets[b]] * (lse - z[(b * 3) + targets[b]]);
            double smooth = Enumerable.Range(0, 3).Sum(c => w[c] * (lse - z[(b * 3) + c]));
            expected += ((1 - eps) * nll) + (eps / 3 * smooth);
        }

        expected /= w[1] + w[2];
        Assert.Equal(expected, new CrossEntropyLoss(w, eps).Forward(logits, targets).Item(), 5);
        Assert.Equal(expected, new CrossEntropyLoss(w, eps).Forward(logits, Tensor.FromArray([1f, 2f], 2)).Item(), 5);
        Tensor none = new CrossEntropyLoss(w, eps, reduction: Reduction.None).Forward(logits, targets);
        Assert.Equal([2], none.Shape);
    }

    [Fact]
    public void CrossEntropyIgnoredSamplesGetNoGradient()
    {
        Tensor logits = GradCheck.Leaf(5, -1f, 1f, 3, 4);
        Tensor loss = new CrossEntropyLoss(ignoreIndex: 7).Forward(logits, [1, 7, 3]);
        loss.Backward();
        Assert.All(logits.Grad!.ToArray().Skip(4).Take(4), static g => Assert.Equal(0f, g));
        Assert.NotEqual(0f, logits.Grad!.ToArray()[0]);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void BceWithLogitsGradientsMatchFiniteDifferences(Reduction reduction)
    {
        Tensor logits = GradCheck.Leaf(6, -3f, 3f, 3, 2);
        Tensor target = GradCheck.Leaf(7, 0.1f, 0.9f, 3, 2);
        var plain = new BceWithLogitsLoss(reduction: reduction);
        GradCheck.Check(t => plain.Forward(t[0], t[1]), [logits, target]);
        var weighted = new BceWithLogitsLoss([2f, 0.5f], reduction);
        GradCheck.Check(t => weighted.Forward(t[0], t[1]), [logits, target]);
    }

    [Fact]
    public void BceWithLogitsIsStableForLargeLogits()
    {
        Tensor loss = new BceWithLogitsLoss(reduction: Reduction.None).Forward(Tensor.FromArray([100f, -100f, 0f], 3), Tensor.FromArray([1f, 0f, 1f], 3));
        float[] v = loss.ToArray();
        Assert.Equal(0f, v[0], 6);
        Assert.Equal(0f, v[1], 6);
        Assert.Equal(MathF.Log(2f), v[2], 6);
    }

    [Fact]
    public void BadInputsAreReportedWithNames()
    {
        var shape = Assert.Throws<ArgumentException>(() => new MseLoss().Forward(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));
        Assert.Equal("target", shape.ParamName);
        Assert.Contains("(2, 3)", shape.Message);
        Assert.Contains("(3, 2)", shape.Message);
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => new HuberLoss(0f)).ParamName);
        Assert.Equal("labelSmoothing", Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: 1.5f)).ParamName);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss().Forward(Tensor.Zeros(2, 3), [0, 3]));
        Assert.Contains("[0, 3)", range.Message);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new CrossEntropyLoss().Forward(Tensor.Zeros(2, 3), [0])).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => new CrossEntropyLoss().Forward(Tensor.Zeros(6), [0])).ParamName);
        Assert.Throws<ArgumentException>(() => new CrossEntropyLoss([1f, 1f]).Forward(Tensor.Zeros(2, 3), [0, 1]));
        Assert.Throws<ArgumentException>(() => new BceWithLogitsLoss([1f]).Forward(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3)));
    }
}
