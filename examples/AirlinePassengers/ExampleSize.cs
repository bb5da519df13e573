namespace Recur.Examples.AirlinePassengers;

/// <summary>How much training an example does.</summary>
public enum ExampleSize
{
    /// <summary>The full run of <c>dotnet run</c>: the published result.</summary>
    Full,

    /// <summary>A smaller, faster run for the tests (3 ensemble members instead of 10).</summary>
    Small,
}
