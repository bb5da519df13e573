using System.Globalization;

namespace Recur.Examples.AirlinePassengers;

/// <summary>The outcome of <see cref="AirlinePassengersExample.Run"/>: the 1960 forecast and its error beside the seasonal-naive baseline's.</summary>
/// <param name="Months">The 12 forecast months ("1960-01" … "1960-12").</param>
/// <param name="Actual">The 12 actual values (thousands of passengers).</param>
/// <param name="Forecast">The 12 closed-loop forecasts (the ensemble mean), in the same units.</param>
/// <param name="Rmse">RMSE of <paramref name="Forecast"/> against <paramref name="Actual"/>.</param>
/// <param name="BaselineRmse">RMSE of the seasonal-naive forecast (each month of 1960 = the same month of 1959).</param>
/// <param name="MemberRmse">The RMSE of each ensemble member's own forecast, in member order.</param>
public sealed record ExampleResult(
    IReadOnlyList<string> Months,
    IReadOnlyList<double> Actual,
    IReadOnlyList<double> Forecast,
    double Rmse,
    double BaselineRmse,
    IReadOnlyList<double> MemberRmse)
{
    /// <summary>The example's last line: <c>RMSE: 12.34 (baseline 50.71)</c>.</summary>
    public string FinalLine => string.Create(CultureInfo.InvariantCulture, $"RMSE: {Rmse:F2} (baseline {BaselineRmse:F2})");
}
