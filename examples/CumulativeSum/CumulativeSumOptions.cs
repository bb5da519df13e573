namespace Recur.Examples.CumulativeSum;

/// <summary>The settings of one run of <see cref="CumulativeSumExample.Run"/>.</summary>
/// <param name="Quick">True for the small version the tests run (fewer sequences, epochs and hidden units); false (default) for the full size.</param>
/// <param name="Seed">The seed of the data, the weights and the training shuffles (default 1).</param>
/// <param name="Log">Receives progress lines (one per epoch); null (default) for none.</param>
public sealed record CumulativeSumOptions(bool Quick = false, ulong Seed = 1, Action<string>? Log = null);
