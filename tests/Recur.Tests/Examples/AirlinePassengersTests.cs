using Recur.Examples.AirlinePassengers;
using Xunit;

namespace Recur.Tests.Examples;

/// <summary>The airline-passengers example at its small size: it beats the seasonal-naive forecast and is deterministic.</summary>
public sealed class AirlinePassengersTests
{
    private static readonly ExampleOptions Small = new() { Size = ExampleSize.Small, Seed = 3 };

    [Fact]
    public void SmallRunBeatsTheSeasonalNaiveForecastOf1960()
    {
        ExampleResult r = AirlinePassengersExample.Run(Small);

        // The baseline is computed from the data: 1960 forecast as 1959 (the samples README gives RMSE 50.71).
        Assert.Equal(50.71, r.BaselineRmse, 2);
        Assert.Equal([.. Enumerable.Range(1, 12).Select(m => $"1960-{m:00}")], r.Months);
        Assert.Equal(417, r.Actual[0]);
        Assert.Equal(432, r.Actual[11]);
        Assert.Equal(3, r.MemberRmse.Count);

        // The ensemble's closed-loop forecast beats the baseline, by a clear margin (at most 80% of its RMSE).
        Assert.True(r.Rmse < 0.8 * r.BaselineRmse, $"RMSE {r.Rmse:F2} vs seasonal naive {r.BaselineRmse:F2}");
        Assert.All(r.Forecast, f => Assert.InRange(f, 300, 800));
        Assert.Matches(@"^RMSE: \d+\.\d\d \(baseline 50\.71\)$", r.FinalLine);
    }

    [Fact]
    public void SameSeedGivesTheSameForecastAndAnotherSeedAnother()
    {
        ExampleOptions one = Small with { Members = 1 };
        ExampleResult a = AirlinePassengersExample.Run(one);
        ExampleResult b = AirlinePassengersExample.Run(one);
        ExampleResult c = AirlinePassengersExample.Run(one with { Seed = 4 });
        Assert.Equal(a.Forecast, b.Forecast);
        Assert.Equal(a.Rmse, b.Rmse);
        Assert.NotEqual(a.Forecast, c.Forecast);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AirlinePassengersExample.Run(Small with { Members = 0 }));
        Assert.Equal("Members", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => AirlinePassengersExample.Run(Small with { Lookback = 0 }));
        Assert.Equal("Lookback", ex.ParamName);
    }
}
