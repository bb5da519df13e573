namespace Recur.Examples.SineStreaming;

/// <summary>The settings of one run of <see cref="SineStreamingExample.Run"/>.</summary>
/// <param name="Quick">True for the small version the tests run (fewer training waves and epochs, a smaller model); false (default) for the full size.</param>
/// <param name="Seed">The seed of the data, the weights and the training shuffles (default 1).</param>
/// <param name="Log">Receives progress lines (one per epoch); null (default) for none.</param>
public sealed record SineStreamingOptions(bool Quick = false, ulong Seed = 1, Action<string>? Log = null);
