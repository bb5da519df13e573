using Recur.Losses;
using Recur.Modules;
using Recur.Optim;
using Xunit;

namespace Recur.Tests.Optim;

public sealed class OptimizerTests
{
    private static Tensor Param(params float[] values)
    {
        Tensor t = Tensor.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return t;
    }

    [Fact]
    public void ArgumentChecksNameTheArgumentTheRuleAndTheValue()
    {
        Tensor[] ps = [Param(1f)];
        var lr = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ps, lr: -0.5));
        Assert.Equal("lr", lr.ParamName);
        Assert.Contains("≥ 0", lr.Message);
        Assert.Contains("-0.5", lr.Message);
        var beta = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ps, beta1: 1.0));
        Assert.Equal("beta1", beta.ParamName);
        Assert.Contains("[0, 1)", beta.Message);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(ps, beta2: -0.1)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ps, eps: -1e-8)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(ps, weightDecay: double.NaN)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(ps, 0.1, momentum: -1)).ParamName);
        Assert.Equal("nesterov", Assert.Throws<ArgumentException>(() => new Sgd(ps, 0.1, nesterov: true)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(ps, alpha: 1.5)).ParamName);
        Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(ps, 0.1).LearningRate = -1).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => new Sgd([], 0.1)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => new Sgd([ps[0], ps[0]], 0.1)).ParamName);
    }

    [Fact]
    public void SgdStepsAndSkipsParametersWithoutGradient()
    {
        Tensor a = Param(1f, 2f);
        Tensor b = Param(5f);
        var sgd = new Sgd([a, b], lr: 0.1);
        a.Grad = Tensor.FromArray([0.5f, -1f], 2);
        sgd.Step();
        Assert.Equal([0.95f, 2.1f], a.ToArray());
        Assert.Equal([5f], b.ToArray());
        Assert.Equal(1, sgd.GetStep(a));
        Assert.Equal(0, sgd.GetStep(b));
        Assert.Null(sgd.GetState(a, "momentum_buffer"));
        sgd.ZeroGrad();
        Assert.Null(a.Grad);
        Assert.Throws<ArgumentException>(() => sgd.GetState(Param(0f), "momentum_buffer"));
    }

    [Fact]
    public void AdamFirstStepMovesEachWeightByAboutLr()
    {
        Tensor p = Param(1f, -1f, 0.5f);
        var adam = new Adam([p], lr: 0.01);
        p.Grad = Tensor.FromArray([3f, -0.2f, 1e-3f], 3);
        adam.Step();
        // With zero state the first Adam step is lr·g/(|g| + eps·…) ≈ lr·sign(g).
        Assert.Equal(0.99f, p.ToArray()[0], 5);
        Assert.Equal(-0.99f, p.ToArray()[1], 5);
        Assert.Equal(0.49f, p.ToArray()[2], 4);
        Assert.Equal([0.3f, -0.02f, 1e-4f], adam.GetState(p, "exp_avg")!.ToArray().Select(static v => MathF.Round(v, 6)));
    }

    [Fact]
    public void AmsGradKeepsTheMaximumSecondMoment()
    {
        Tensor p = Param(0f);
        var adam = new Adam([p], lr: 0.1, amsgrad: true);
        p.Grad = Tensor.FromArray([10f], 1);
        adam.Step();
        float peak = adam.GetState(p, "exp_avg_sq")!.ToArray()[0];
        p.Grad = Tensor.FromArray([0f], 1);
        adam.Step();
        Assert.Equal(peak, adam.GetState(p, "max_exp_avg_sq")!.ToArray()[0]);
        Assert.True(adam.GetState(p, "exp_avg_sq")!.ToArray()[0] < peak);
        Tensor q = Param(0f);
        var plain = new Adam([q]);
        q.Grad = Tensor.FromArray([1f], 1);
        plain.Step();
        Assert.Null(plain.GetState(q, "max_exp_avg_sq"));
    }

    [Fact]
    public void TrainingALinearModelWithEveryOptimizerLowersTheLoss()
    {
        Func<IEnumerable<Tensor>, Optimizer>[] makers =
        [
            ps => new Sgd(ps, 0.1, momentum: 0.9),
            ps => new Adam(ps, 0.05),
            ps => new AdamW(ps, 0.05),
            ps => new RmsProp(ps, 0.01, centered: true, momentum: 0.5),
        ];
        Tensor x = Tensor.Uniform(1, -1f, 1f, 16, 3);
        Tensor y = Tensor.Zeros(16, 1);
        for (int i = 0; i < 16; i++)
        {
            y.AsSpan()[i] = (2f * x.AsSpan()[i * 3]) - x.AsSpan()[(i * 3) + 1] + 0.5f;
        }

        foreach (var make in makers)
        {
            var model = new Linear(3, 1, seed: 9);
            Optimizer opt = make(model.Parameters());
            var mse = new MseLoss();
            float first = mse.Forward(model.Forward(x), y).Item();
            for (int step = 0; step < 60; step++)
            {
                opt.ZeroGrad();
                mse.Forward(model.Forward(x), y).Backward();
                opt.Step();
            }

            float last = mse.Forward(model.Forward(x), y).Item();
            Assert.True(last < 0.1f * first, $"{opt.GetType().Name}: loss {first} → {last}");
        }
    }

    public static TheoryData<string> LongParameterOptimizers() =>
        ["sgd", "sgd-momentum-nesterov-wd", "adam", "adam-amsgrad-wd", "adamw", "rmsprop", "rmsprop-centered-momentum-wd"];

    /// <summary>
    /// The optimizers update a long parameter a chunk at a time (a scratch of a few thousand floats, not of the largest
    /// parameter): a parameter of 2·4096 + 37 elements ends bit-identical, state included, to the same values split
    /// into parameters of 1000 elements (which never cross a chunk boundary).
    /// </summary>
    [Theory]
    [MemberData(nameof(LongParameterOptimizers))]
    public void ALongParameterUpdatesExactlyAsShortPieces(string kind)
    {
        const int n = (2 * 4096) + 37;
        var rng = new Random(3);
        float[] init = [.. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1))];
        float[][] grads = [.. Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray())];

        Optimizer Make(Tensor[] ps) => kind switch
        {
            "sgd" => new Sgd(ps, 0.1),
            "sgd-momentum-nesterov-wd" => new Sgd(ps, 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true),
            "adam" => new Adam(ps, 0.01),
            "adam-amsgrad-wd" => new Adam(ps, 0.01, weightDecay: 0.01, amsgrad: true),
            "adamw" => new AdamW(ps, 0.01),
            "rmsprop" => new RmsProp(ps, 0.01),
            _ => new RmsProp(ps, 0.01, weightDecay: 0.01, momentum: 0.5, centered: true),
        };

        Tensor whole = Param(init);
        Optimizer wholeOpt = Make([whole]);
        Tensor[] pieces = [.. Enumerable.Range(0, (n + 999) / 1000).Select(k => Param(init[(k * 1000)..Math.Min(n, (k + 1) * 1000)]))];
        Optimizer piecesOpt = Make(pieces);
        foreach (float[] g in grads)
        {
            whole.Grad = Tensor.FromArray(g, n);
            for (int k = 0; k < pieces.Length; k++)
            {
                pieces[k].Grad = Tensor.FromArray(g[(k * 1000)..Math.Min(n, (k + 1) * 1000)], pieces[k].Length);
            }

            wholeOpt.Step();
            piecesOpt.Step();
        }

        Assert.Equal(pieces.SelectMany(p => p.ToArray()).ToArray(), whole.ToArray());
        Assert.NotEqual(init, whole.ToArray());
        foreach (string key in new[] { "momentum_buffer", "exp_avg", "exp_avg_sq", "max_exp_avg_sq", "square_avg", "grad_avg" })
        {
            Tensor? ws = wholeOpt.GetState(whole, key);
            if (ws is null)
            {
                Assert.All(pieces, p => Assert.Null(piecesOpt.GetState(p, key)));
                continue;
            }

            Assert.Equal(pieces.SelectMany(p => piecesOpt.GetState(p, key)!.ToArray()).ToArray(), ws.ToArray());
        }
    }

    [Fact]
    public void ZeroGradInPlaceKeepsTheBufferAndTheNextBackwardAccumulatesIntoIt()
    {
        Tensor w = Param(1f, 2f, 3f);
        var sgd = new Sgd([w], 0.1);
        sgd.ZeroGrad(setToNone: false); // no gradient yet: stays null
        Assert.Null(w.Grad);
        (w * w).Sum().Backward();
        Tensor first = w.Grad!;
        Assert.Equal([2f, 4f, 6f], first.ToArray());
        sgd.ZeroGrad(setToNone: false);
        Assert.Same(first, w.Grad);
        Assert.Equal([0f, 0f, 0f], first.ToArray());
        (w * 3f).Sum().Backward();
        Assert.Same(first, w.Grad);
        Assert.Equal([3f, 3f, 3f], first.ToArray());
        sgd.ZeroGrad(setToNone: true);
        Assert.Null(w.Grad);
    }
}
