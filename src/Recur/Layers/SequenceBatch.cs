
namespace Recur.Layers;

/// <summary>
/// What flows between the layers of a model: a batch of sequences with their valid lengths, or, once a layer has
/// collapsed the time axis (a recurrent layer with output mode "last", attention, flatten), a batch of feature vectors.
/// </summary>
/// <param name="Data">
/// (B, T, F) — always batch-first inside models — for sequences; (B, F) once the time axis is gone.
/// Steps t ≥ Lengths[b] are padding: layers must not let them change any valid result.
/// </param>
/// <param name="Lengths">
/// Valid steps of each sequence (B values in 1 … T, any order); null when every sequence is T long or when
/// <paramref name="Data"/> has no time axis.
/// </param>
public sealed record SequenceBatch(Tensor Data, int[]? Lengths = null)
{
    /// <summary>True when <see cref="Data"/> is (B, T, F).</summary>
    public bool HasTime => Data.Rank == 3;
}
