using Recur.Examples.SeattleRain;
using Xunit;

namespace Recur.Tests.Examples;

/// <summary>
/// The Seattle rain example, small (training windows from 2003–2012, a BiLSTM of 16 units, 3 epochs; it reaches ~0.73), tested on all
/// 1,808 days of 2013-01-01 … 2017-12-13: the baselines match the dataset's README, the model is clearly better than
/// "never rains" and close to persistence, and the same seed gives bit-identical weights with 1 or 2 threads.
/// </summary>
public sealed class SeattleRainTests
{
    [Fact]
    public void SmallRunBeatsTheMajorityBaselineAndIsDeterministic()
    {
        SeattleRainResult two = ExampleWeights.WithThreads(2, () => SeattleRainExample.Run(SeattleRainOptions.Small));

        Assert.Equal(1808, two.TestCount);
        Assert.Equal(0.7279, two.PersistenceAccuracy, 4e-5); // the README's "same as today" baseline
        Assert.Equal(0.5758, two.MajorityAccuracy, 4e-5);    // the README's "always no rain" baseline
        Assert.True(two.TrainCount > 3600, $"2003–2012 should give ~3,650 training windows; got {two.TrainCount}");
        Assert.True(two.TestAccuracy >= 0.70, $"test accuracy {two.TestAccuracy:F4} should be ≥ 0.70 (majority {two.MajorityAccuracy:F4}, persistence {two.PersistenceAccuracy:F4})");

        SeattleRainResult one = ExampleWeights.WithThreads(1, () => SeattleRainExample.Run(SeattleRainOptions.Small));
        Assert.Equal(ExampleWeights.Of(two.Model), ExampleWeights.Of(one.Model));
        Assert.Equal(two.TestAccuracy, one.TestAccuracy);
    }
}
