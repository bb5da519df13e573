namespace Recur.Examples.AirlinePassengers;

/// <summary>
/// How <see cref="AirlinePassengersExample.Run"/> runs. The defaults are the full-size run; each nullable setting
/// means "the <see cref="Size"/>'s default" when null.
/// </summary>
public sealed record ExampleOptions
{
    /// <summary>Full (default) or small (the tests' size).</summary>
    public ExampleSize Size { get; init; } = ExampleSize.Full;

    /// <summary>The base seed: member m of the ensemble is initialized and trained with seed <c>Seed·100 + m</c>. Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The CSV file; null (default) means <c>samples/airline_passengers/airline_passengers.csv</c> under the repository root.</summary>
    public string? DataPath { get; init; }

    /// <summary>Ensemble members whose forecasts are averaged (≥ 1); null: 10 full, 3 small.</summary>
    public int? Members { get; init; }

    /// <summary>Training epochs per member (≥ 1); null: 30.</summary>
    public int? Epochs { get; init; }

    /// <summary>LSTM hidden units (≥ 1); null: 8.</summary>
    public int? HiddenSize { get; init; }

    /// <summary>L, the growths each training window reads (≥ 1); null: 24.</summary>
    public int? Lookback { get; init; }

    /// <summary>Receives progress lines (the library never prints; the program passes <c>Console.WriteLine</c>). Default null.</summary>
    public Action<string>? Log { get; init; }
}
