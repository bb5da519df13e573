namespace Recur.Examples.SeattleRain;

/// <summary>
/// How <see cref="SeattleRainExample.Run"/> trains. <see cref="Full"/> trains on every window whose label day is in
/// 1948–2012; <see cref="Small"/> is a quick seeded version for the tests (2003–2012, a smaller network, 3 epochs).
/// Both test on 2013-01-01 … 2017-12-13.
/// </summary>
public sealed record SeattleRainOptions
{
    /// <summary>The full-size run: all training years, 64 hidden units per direction, 12 epochs.</summary>
    public static SeattleRainOptions Full { get; } = new();

    /// <summary>
    /// A smaller, faster version for tests: training windows from 2003 on (~3,650), 16 hidden units, 3 epochs of
    /// mini-batches of 32 at a learning rate of 0.003.
    /// </summary>
    public static SeattleRainOptions Small { get; } = new()
    {
        TrainFrom = "2003-01-01", HiddenSize = 16, MaxEpochs = 3, MiniBatchSize = 32, LearnRate = 0.003,
    };

    /// <summary>
    /// When true (the default), each day also carries the season as sin and cos of 2π·(day of year − 1)/365.25, computed
    /// from the date column, besides the four observed columns.
    /// </summary>
    public bool SeasonFeatures { get; init; } = true;

    /// <summary>Days of history per window, today included (≥ 1). Default 30.</summary>
    public int Lookback { get; init; } = 30;

    /// <summary>Hidden units per direction of the BiLSTM (≥ 1). Default 64.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Training epochs (≥ 1). Default 12.</summary>
    public int MaxEpochs { get; init; } = 12;

    /// <summary>Windows per mini-batch (≥ 1). Default 128.</summary>
    public int MiniBatchSize { get; init; } = 128;

    /// <summary>The Adam learning rate (&gt; 0). Default 0.001.</summary>
    public double LearnRate { get; init; } = 0.001;

    /// <summary>
    /// The first day (ISO date) whose window may be a training window; null (default) means from the first day that has
    /// <see cref="Lookback"/> days of history (1948-01-30). Training windows always end on or before 2012-12-30, so
    /// that their label (the next day's rain) lies before 2013.
    /// </summary>
    public string? TrainFrom { get; init; }

    /// <summary>The seed of the weight initialisation and of training (shuffles). Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The CSV (samples/seattle_rain/seattle_weather_1948_2017.csv); null means the one of this repository.</summary>
    public string? DataPath { get; init; }

    /// <summary>Receives one progress line per epoch (and a few about the data); null for silence.</summary>
    public Action<string>? Log { get; init; }
}
