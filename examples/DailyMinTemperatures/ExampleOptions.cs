namespace Recur.Examples.DailyMinTemperatures;

/// <summary>
/// How <see cref="DailyMinTemperaturesExample.Run"/> runs. The defaults are the full-size run; each nullable setting
/// means "the <see cref="Size"/>'s default" when null.
/// </summary>
public sealed record ExampleOptions
{
    /// <summary>Full (default) or small (the tests' size).</summary>
    public ExampleSize Size { get; init; } = ExampleSize.Full;

    /// <summary>The seed of the weights' initialization and of training (shuffles). Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The CSV file; null (default) means <c>samples/daily_min_temperatures/daily_min_temperatures.csv</c> under the repository root.</summary>
    public string? DataPath { get; init; }

    /// <summary>Training epochs (≥ 1); null: 20 full, 6 small.</summary>
    public int? Epochs { get; init; }

    /// <summary>LSTM hidden units (≥ 1); null: 32 full, 16 small.</summary>
    public int? HiddenSize { get; init; }

    /// <summary>L, the days each window (and each forecast) reads (≥ 1); null: 30.</summary>
    public int? Lookback { get; init; }

    /// <summary>Rows between the starts of consecutive training windows (≥ 1); null: 1 full, 3 small.</summary>
    public int? TrainingStride { get; init; }

    /// <summary>Receives progress lines (the library never prints; the program passes <c>Console.WriteLine</c>). Default null.</summary>
    public Action<string>? Log { get; init; }
}
