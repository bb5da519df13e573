using Recur.Examples.CumulativeSum;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Examples;

public sealed class CumulativeSumTests(ITestOutputHelper output)
{
    [Fact]
    public void LabelsFollowTheRunningSum()
    {
        (Tensor[] inputs, int[][] labels) = CumulativeSumExample.MakeSequences(50, 9);
        for (int i = 0; i < inputs.Length; i++)
        {
            float[] x = inputs[i].ToArray();
            Assert.Equal([CumulativeSumExample.SequenceLength, 1], inputs[i].Shape);
            Assert.All(x, static v => Assert.InRange(v, 0f, 1f));
            double sum = 0;
            for (int t = 0; t < x.Length; t++)
            {
                sum += x[t];
                Assert.Equal(sum > 2.5 ? 1 : 0, labels[i][t]);
            }

            // Once the sum passes the threshold it stays above it.
            Assert.True(labels[i].SkipWhile(static v => v == 0).All(static v => v == 1));
        }
    }

    [Fact]
    public void QuickRunBeatsTheBarAndTheSameSeedGivesTheSameResult()
    {
        CumulativeSumResult first = CumulativeSumExample.Run(new CumulativeSumOptions(Quick: true, Seed: 5));
        output.WriteLine(first.MetricLine);
        Assert.True(first.Accuracy >= 0.95, $"per-step accuracy {first.Accuracy} (baseline {first.Baseline})");
        Assert.InRange(first.Baseline, 0.4, 0.7);
        Assert.Matches(@"^per_step_accuracy: 0\.\d{4} \(baseline 0\.\d{4}\)$", first.MetricLine);

        CumulativeSumResult again = CumulativeSumExample.Run(new CumulativeSumOptions(Quick: true, Seed: 5));
        Assert.Equal(first.Weights, again.Weights);
        Assert.Equal(first.Accuracy, again.Accuracy);
    }
}
