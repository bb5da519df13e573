using System.Globalization;

namespace Recur.Examples.DailyMinTemperatures;

/// <summary>The outcome of <see cref="DailyMinTemperaturesExample.Run"/>: the one-step forecasts of 1990 and their error beside persistence's.</summary>
/// <param name="Dates">The 365 forecast days of 1990.</param>
/// <param name="Actual">The 365 actual minimum temperatures (°C).</param>
/// <param name="Forecast">The 365 one-step forecasts (°C), each from the true previous L days.</param>
/// <param name="Rmse">RMSE of <paramref name="Forecast"/> against <paramref name="Actual"/> (°C).</param>
/// <param name="Mae">MAE of <paramref name="Forecast"/> (°C).</param>
/// <param name="BaselineRmse">RMSE of persistence (each day forecast as the day before) on the same days.</param>
/// <param name="BaselineMae">MAE of persistence.</param>
public sealed record ExampleResult(
    IReadOnlyList<string> Dates,
    IReadOnlyList<double> Actual,
    IReadOnlyList<double> Forecast,
    double Rmse,
    double Mae,
    double BaselineRmse,
    double BaselineMae)
{
    /// <summary>The example's last line: <c>RMSE: 2.21 (baseline 2.58)</c>.</summary>
    public string FinalLine => string.Create(CultureInfo.InvariantCulture, $"RMSE: {Rmse:F2} (baseline {BaselineRmse:F2})");
}
