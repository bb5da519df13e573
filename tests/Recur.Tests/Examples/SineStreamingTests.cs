using Recur.Examples.SineStreaming;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Examples;

public sealed class SineStreamingTests(ITestOutputHelper output)
{
    [Fact]
    public void TargetsAreTheCleanNextValues()
    {
        (Tensor x, Tensor y) = SineStreamingExample.MakeWave(80, 3);
        float[] inputs = x.ToArray();
        float[] targets = y.ToArray();
        for (int t = 0; t + 1 < targets.Length; t++)
        {
            // The input at t + 1 is the target at t plus noise of σ = 0.05.
            Assert.InRange(inputs[t + 1] - targets[t], -0.3f, 0.3f);
            Assert.InRange(targets[t], -1f, 1f);
        }

        // One period later the clean wave repeats.
        Assert.Equal(targets[0], targets[SineStreamingExample.Period], 4);
    }

    [Fact]
    public void QuickRunStreamsLikeTheWholeSequenceAndTheSameSeedGivesTheSameResult()
    {
        SineStreamingResult first = SineStreamingExample.Run(new SineStreamingOptions(Quick: true, Seed: 5));
        output.WriteLine(first.MetricLine);
        Assert.True(first.MaxAbsDifference <= 1e-5, $"streamed vs whole: {first.MaxAbsDifference}");
        Assert.True(first.StreamingMatches);
        // The check can fail: without the carried state the outputs are far off.
        Assert.True(first.StatelessDifference > 0.05, $"stateless control differs by only {first.StatelessDifference}");
        Assert.True(first.Rmse < first.PersistenceRmse / 2, $"rmse {first.Rmse} vs persistence {first.PersistenceRmse}");
        Assert.Matches(@"^max_abs_difference: \d\.\de[+-]\d\d \(baseline 1e-05\)$", first.MetricLine);

        SineStreamingResult again = SineStreamingExample.Run(new SineStreamingOptions(Quick: true, Seed: 5));
        Assert.Equal(first.Weights, again.Weights);
        Assert.Equal(first.Rmse, again.Rmse);
    }
}
