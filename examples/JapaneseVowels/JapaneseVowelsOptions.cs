namespace Recur.Examples.JapaneseVowels;

/// <summary>
/// How <see cref="JapaneseVowelsExample.Run"/> trains. <see cref="Full"/> is MATLAB's example ("Sequence Classification
/// Using Deep Learning"): BiLSTM with 100 hidden units per direction, 100 epochs (the current release's MaxEpochs; older ones used 50); <see cref="Small"/> is a quick seeded
/// version for the tests.
/// </summary>
public sealed record JapaneseVowelsOptions
{
    /// <summary>MATLAB's setup at full size: 100 hidden units, 100 epochs, all 270 training sequences (seeds 1–4: 0.951–0.962 test accuracy; with 50 epochs 0.935–0.957).</summary>
    public static JapaneseVowelsOptions Full { get; } = new();

    /// <summary>A smaller, faster version for tests: 32 hidden units, 20 epochs, all 270 training sequences.</summary>
    public static JapaneseVowelsOptions Small { get; } = new() { HiddenSize = 32, MaxEpochs = 20 };

    /// <summary>Hidden units per direction of the BiLSTM (≥ 1). Default 100 (MATLAB's).</summary>
    public int HiddenSize { get; init; } = 100;

    /// <summary>Training epochs (≥ 1). Default 100.</summary>
    public int MaxEpochs { get; init; } = 100;

    /// <summary>Sequences per mini-batch (≥ 1). Default 27 (MATLAB's: 270 / 27 = 10 mini-batches of similar lengths).</summary>
    public int MiniBatchSize { get; init; } = 27;

    /// <summary>The Adam learning rate (&gt; 0). Default 0.001 (MATLAB's default).</summary>
    public double LearnRate { get; init; } = 0.001;

    /// <summary>The seed of the weight initialisation and of training. Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The CSV (samples/japanese_vowels/japanese_vowels.csv); null means the one of this repository.</summary>
    public string? DataPath { get; init; }

    /// <summary>Receives one progress line per epoch (and a few about the data); null for silence.</summary>
    public Action<string>? Log { get; init; }
}
