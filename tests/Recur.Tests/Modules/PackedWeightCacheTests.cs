using Recur.Autograd;
using Recur.Modules;
using Xunit;

namespace Recur.Tests.Modules;

/// <summary>
/// No-grad calls reuse packed weights (PackedWeightCache): every way of changing a weight between calls must be seen,
/// and concurrent callers must not share a pack that is being re-packed.
/// </summary>
public sealed class PackedWeightCacheTests
{
    [Theory]
    [InlineData("lstm")]
    [InlineData("lstm_proj")]
    [InlineData("gru")]
    [InlineData("gru_reset_before")]
    public void AWeightChangedBetweenNoGradCallsIsSeen(string kind)
    {
        RecurrentLayerBase Make(ulong seed) => kind switch
        {
            "lstm" => new Lstm(3, 5, bidirectional: true, seed: seed),
            "lstm_proj" => new Lstm(3, 5, projSize: 2, seed: seed),
            "gru" => new Gru(3, 5, seed: seed),
            _ => new Gru(3, 5, resetAfter: false, seed: seed),
        };

        RecurrentLayerBase layer = Make(1);
        Tensor x = Tensor.Uniform(2, -1f, 1f, 6, 2, 3);
        float[] Run(RecurrentLayerBase l)
        {
            using (GradMode.NoGrad())
            {
                return l is Lstm lstm ? lstm.Forward(x).Output.ToArray() : ((Gru)l).Forward(x).Output.ToArray();
            }
        }

        float[] first = Run(layer);
        Assert.Equal(first, Run(layer)); // served from the cache

        // 1. A write through AsSpan to every parameter (one element each).
        foreach (Tensor p in layer.Parameters())
        {
            p.AsSpan()[p.Length - 1] += 0.25f;
        }

        float[] afterWrite = Run(layer);
        Assert.NotEqual(first, afterWrite);
        RecurrentLayerBase twin = Make(1);
        twin.LoadStateDict(layer.StateDict());
        Assert.Equal(Run(twin), afterWrite);

        // 2. LoadStateDict of other weights.
        RecurrentLayerBase other = Make(7);
        layer.LoadStateDict(other.StateDict());
        Assert.Equal(Run(other), Run(layer));

        // 3. An optimizer step after a recorded (training) call.
        var opt = new Recur.Optim.Sgd(layer.Parameters(), 0.5);
        Tensor y = layer is Lstm l2 ? l2.Forward(x).Output : ((Gru)layer).Forward(x).Output;
        y.Sum().Backward();
        opt.Step();
        twin.LoadStateDict(layer.StateDict());
        Assert.Equal(Run(twin), Run(layer));
    }

    [Fact]
    public void ConcurrentNoGradCallsOnOneModuleGiveTheSequentialResults()
    {
        var lstm = new Lstm(4, 16, seed: 3);
        Tensor[] inputs = [.. Enumerable.Range(0, 8).Select(static i => Tensor.Uniform((ulong)(10 + i), -1f, 1f, 5, 3, 4))];
        float[][] expected;
        using (GradMode.NoGrad())
        {
            expected = [.. inputs.Select(x => lstm.Forward(x).Output.ToArray())];
        }

        var actual = new float[inputs.Length][];
        Parallel.For(0, inputs.Length * 20, i =>
        {
            using (GradMode.NoGrad())
            {
                actual[i % inputs.Length] = lstm.Forward(inputs[i % inputs.Length]).Output.ToArray();
            }
        });
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }
}
