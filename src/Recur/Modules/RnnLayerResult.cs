namespace Recur.Modules;

/// <summary>
/// What a fused layer operation returns: the output sequence (T, B, D·H) — or (B, H) for a single-step cell — and
/// the final state h_n of each direction (D, B, H), null for a cell.
/// </summary>
internal sealed record RnnLayerResult(Tensor Output, Tensor? FinalState);
