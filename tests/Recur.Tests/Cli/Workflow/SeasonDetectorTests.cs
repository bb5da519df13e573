using Recur.Cli.Workflow;
using Xunit;

namespace Recur.Tests.Cli.Workflow;

public sealed class SeasonDetectorTests
{
    [Theory]
    [InlineData(12, 144)]
    [InlineData(7, 200)]
    [InlineData(24, 400)]
    public void FindsThePeriodOfANoisySeasonalTrend(int period, int length)
    {
        var random = new Random(period);
        double[] series = Enumerable.Range(0, length)
            .Select(t => (0.5 * t) + (10 * Math.Sin(2 * Math.PI * t / period)) + random.NextDouble()).ToArray();
        Assert.Equal(period, SeasonDetector.Detect(series));
    }

    [Fact]
    public void ALongSeasonIsNotMistakenForNoiseWigglesAtShortLags()
    {
        // Daily-like data: a yearly cycle (365) with strongly autocorrelated noise, whose slowly decaying r has small
        // local peaks at short lags.
        var random = new Random(5);
        double ar = 0;
        double[] series = Enumerable.Range(0, 2000).Select(t =>
        {
            ar = (0.7 * ar) + random.NextDouble() - 0.5;
            return (8 * Math.Sin(2 * Math.PI * t / 365)) + (3 * ar);
        }).ToArray();
        Assert.InRange(SeasonDetector.Detect(series), 350, 380);
    }

    [Fact]
    public void TrendsRandomWalksAndShortSeriesHaveNoSeason()
    {
        var random = new Random(3);
        double walk = 0;
        double[] randomWalk = Enumerable.Range(0, 300).Select(_ => walk += random.NextDouble() - 0.45).ToArray();
        Assert.Equal(1, SeasonDetector.Detect(randomWalk));
        Assert.Equal(1, SeasonDetector.Detect(Enumerable.Range(0, 100).Select(t => 3.0 * t).ToArray()));
        Assert.Equal(1, SeasonDetector.Detect([1.0, 2.0, 1.0, 2.0, 1.0]));
        Assert.Equal(1, SeasonDetector.Detect(Enumerable.Repeat(4.0, 50).ToArray()));
    }

    [Fact]
    public void AutocorrelationOfAnAlternatingSeries()
    {
        // x = +1, −1, +1, … (mean 0, n = 10): r(k) = (−1)^k (n − k) / n.
        double[] x = Enumerable.Range(0, 10).Select(t => t % 2 == 0 ? 1.0 : -1.0).ToArray();
        double[] r = SeasonDetector.Autocorrelation(x, 3);
        Assert.Equal([1.0, -0.9, 0.8, -0.7], r.Select(v => Math.Round(v, 12)).ToArray());
        double[] detrended = SeasonDetector.Detrend([1.0, 3.0, 5.0, 7.0]);
        Assert.All(detrended, v => Assert.Equal(0, v, 12));
    }
}
