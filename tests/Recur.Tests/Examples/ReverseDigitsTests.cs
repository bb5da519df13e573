using Recur.Examples.ReverseDigits;
using Recur.Training;
using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Examples;

public sealed class ReverseDigitsTests(ITestOutputHelper output)
{
    [Fact]
    public void TargetsAreTheSourcesReversed()
    {
        SequenceDataset data = ReverseDigitsExample.MakeDataset(200, 3, 8, 4);
        Assert.Equal(SequenceTargetKind.TokenSequence, data.TargetKind);
        Assert.Equal(ReverseDigitsExample.Digits, data.ClassCount);
        var lengths = new HashSet<int>();
        for (int i = 0; i < data.Count; i++)
        {
            int[] source = [.. data.Inputs[i].ToArray().Select(static v => (int)v)];
            lengths.Add(source.Length);
            Assert.All(source, static d => Assert.InRange(d, 0, 9));
            Assert.Equal(source.Reverse(), data.StepLabels![i]);
        }

        Assert.Equal([3, 4, 5, 6, 7, 8], lengths.Order());
    }

    [Fact]
    public void QuickRunBeatsTheBarAndTheSameSeedGivesTheSameResult()
    {
        ReverseDigitsResult first = ReverseDigitsExample.Run(new ReverseDigitsOptions(Quick: true, Seed: 5));
        output.WriteLine(first.MetricLine);
        Assert.True(first.TokenAccuracy >= 0.95, $"token accuracy {first.TokenAccuracy} (baseline {first.Baseline})");
        Assert.True(first.Baseline < 0.5, $"identity baseline {first.Baseline}");
        Assert.Matches(@"^token_accuracy: [01]\.\d{4} \(baseline 0\.\d{4}\)$", first.MetricLine);

        ReverseDigitsResult again = ReverseDigitsExample.Run(new ReverseDigitsOptions(Quick: true, Seed: 5));
        Assert.Equal(first.Weights, again.Weights);
        Assert.Equal(first.TokenAccuracy, again.TokenAccuracy);
    }
}
