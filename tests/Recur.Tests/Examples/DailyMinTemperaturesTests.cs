using Recur.Examples.DailyMinTemperatures;
using Xunit;

namespace Recur.Tests.Examples;

/// <summary>The daily-minimum-temperatures example at its small size: it beats persistence over 1990 and is deterministic.</summary>
public sealed class DailyMinTemperaturesTests
{
    private static readonly ExampleOptions Small = new() { Size = ExampleSize.Small, Seed = 3 };

    [Fact]
    public void SmallRunBeatsPersistenceOver1990()
    {
        ExampleResult r = DailyMinTemperaturesExample.Run(Small);

        // Persistence is computed from the data on the 365 days of 1990 (the samples README gives RMSE 2.582, MAE 2.025).
        Assert.Equal(365, r.Dates.Count);
        Assert.Equal("1990-01-01", r.Dates[0]);
        Assert.Equal("1990-12-31", r.Dates[^1]);
        Assert.Equal(2.582, r.BaselineRmse, 3);
        Assert.Equal(2.025, r.BaselineMae, 3);

        // One-step forecasts from the true previous 30 days beat persistence: at most 95% of its RMSE, and a lower MAE.
        Assert.True(r.Rmse < 0.95 * r.BaselineRmse, $"RMSE {r.Rmse:F3} vs persistence {r.BaselineRmse:F3}");
        Assert.True(r.Mae < r.BaselineMae, $"MAE {r.Mae:F3} vs persistence {r.BaselineMae:F3}");
        Assert.Matches(@"^RMSE: \d+\.\d\d \(baseline 2\.58\)$", r.FinalLine);
    }

    [Fact]
    public void SameSeedGivesTheSameForecastsAndAnotherSeedOthers()
    {
        ExampleOptions quick = Small with { Epochs = 2, TrainingStride = 6 };
        ExampleResult a = DailyMinTemperaturesExample.Run(quick);
        ExampleResult b = DailyMinTemperaturesExample.Run(quick);
        ExampleResult c = DailyMinTemperaturesExample.Run(quick with { Seed = 4 });
        Assert.Equal(a.Forecast, b.Forecast);
        Assert.Equal(a.Rmse, b.Rmse);
        Assert.NotEqual(a.Forecast, c.Forecast);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DailyMinTemperaturesExample.Run(Small with { Epochs = 0 }));
        Assert.Equal("Epochs", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => DailyMinTemperaturesExample.Run(Small with { TrainingStride = 0 }));
        Assert.Equal("TrainingStride", ex.ParamName);
    }
}
