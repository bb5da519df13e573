using Recur.Optim;
using Xunit;

namespace Recur.Tests.Optim;

public sealed class ScheduleTests
{
    private static Sgd Optimizer(double lr)
    {
        Tensor p = Tensor.Zeros(1);
        p.RequiresGrad = true;
        return new Sgd([p], lr);
    }

    private static double[] Run(LrScheduler s, int epochs)
    {
        var lrs = new double[epochs];
        for (int e = 0; e < epochs; e++)
        {
            s.Step();
            lrs[e] = s.Optimizer.LearningRate;
        }

        return lrs;
    }

    [Fact]
    public void StepLrDecaysEveryStepSizeEpochs()
    {
        Sgd opt = Optimizer(0.1);
        var s = new StepLr(opt, stepSize: 3, gamma: 0.5);
        Assert.Equal(0.1, s.LastLr);
        double[] expected = [0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025];
        Assert.Equal(expected, Run(s, 7), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(7, s.LastEpoch);
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLr(opt, 0)).ParamName);
    }

    [Fact]
    public void ExponentialLrMultipliesEveryEpoch()
    {
        var s = new ExponentialLr(Optimizer(0.2), gamma: 0.9);
        Assert.Equal([0.18, 0.162, 0.1458], Run(s, 3), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLr(Optimizer(0.1), -1)).ParamName);
    }

    [Fact]
    public void CosineAnnealingFollowsTheClosedForm()
    {
        var s = new CosineAnnealingLr(Optimizer(0.1), tMax: 4, etaMin: 0.001);
        // etaMin + (base − etaMin)(1 + cos(π e / 4))/2 for e = 1 … 5.
        double[] expected = [0.08550178, 0.0505, 0.01549822, 0.001, 0.01549822];
        Assert.Equal(expected, Run(s, 5), (a, b) => Math.Abs(a - b) < 1e-8);
        Assert.Equal("tMax", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLr(Optimizer(0.1), 0)).ParamName);
    }

    [Fact]
    public void ReduceLrOnPlateauWaitsPatienceThenCoolsDown()
    {
        Sgd opt = Optimizer(0.1);
        var s = new ReduceLrOnPlateau(opt, PlateauMode.Min, factor: 0.5, patience: 2, threshold: 1e-4, cooldown: 1, minLr: 0.03);
        // 0.89995 is not below 0.9·(1 − 1e-4) = 0.89991, so it is not an improvement.
        double[] metrics = [1.0, 0.9, 0.95, 0.89995, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95];
        bool[] reduced = [.. metrics.Select(s.Step)];
        Assert.Equal([false, false, false, false, true, false, false, false, true, false, false, false], reduced);
        Assert.Equal(0.9, s.Best);
        // 0.1 → 0.05 → max(0.025, 0.03) = 0.03; a further cut would be below minLr and is skipped.
        Assert.Equal(0.03, opt.LearningRate, 12);
    }

    [Fact]
    public void ReduceLrOnPlateauMaxModeTracksIncreases()
    {
        Sgd opt = Optimizer(1.0);
        var s = new ReduceLrOnPlateau(opt, PlateauMode.Max, factor: 0.1, patience: 0);
        Assert.False(s.Step(0.5));
        Assert.False(s.Step(0.6));
        Assert.True(s.Step(0.6));
        Assert.Equal(0.1, opt.LearningRate, 12);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLrOnPlateau(opt, factor: 1.0)).ParamName);
        Assert.Equal("patience", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLrOnPlateau(opt, patience: -1)).ParamName);
    }
}
