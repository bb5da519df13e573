namespace Recur.Examples.DailyMinTemperatures;

/// <summary>How much training an example does.</summary>
public enum ExampleSize
{
    /// <summary>The full run of <c>dotnet run</c>: the published result.</summary>
    Full,

    /// <summary>A smaller, faster run for the tests (fewer epochs and training windows, a smaller LSTM).</summary>
    Small,
}
