using Recur.Losses;
using Recur.Modules;
using Recur.Optim;
using Xunit;

namespace Recur.Tests.Optim;

/// <summary>
/// <see cref="Optimizer.ReclaimMemory"/>: a training loop whose steps each drop several MiB of outputs gets a full
/// collection from the optimizer's step once the garbage passes the pacer's threshold, so its resident memory stays
/// near one step's need.
/// </summary>
public sealed class GarbagePacerTests
{
    [Fact]
    public void StepsThatDropMegabytesOfOutputsGetACollection()
    {
        // (2048, 1024) outputs: 8 MiB of float32 per forward, dropped after each step.
        var linear = new Linear(16, 1024, seed: 1);
        Tensor x = Tensor.Uniform(2, -1f, 1f, 2048, 16);
        Tensor target = Tensor.Uniform(3, -1f, 1f, 2048, 1024);
        var sgd = new Sgd(linear.Parameters(), 1e-3);
        Assert.True(sgd.ReclaimMemory);
        int before = GarbagePacer.Collections;
        for (int step = 0; step < 40 && GarbagePacer.Collections == before; step++)
        {
            sgd.ZeroGrad(setToNone: false);
            new MseLoss().Forward(linear.Forward(x), target).Backward();
            sgd.Step();
        }

        Assert.True(GarbagePacer.Collections > before, "no collection after 40 steps that each dropped 8 MiB");
    }
}
