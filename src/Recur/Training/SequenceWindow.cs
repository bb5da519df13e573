namespace Recur.Training;

/// <summary>The steps of one dataset sequence that go into one forward call of training or evaluation.</summary>
/// <param name="Index">The sequence's index in the dataset.</param>
/// <param name="Start">The first step kept.</param>
/// <param name="Length">The number of steps kept (≥ 1).</param>
/// <param name="HasSequenceTarget">True when a per-sequence target applies to this window's last step (the last window of the sequence).</param>
internal readonly record struct SequenceWindow(int Index, int Start, int Length, bool HasSequenceTarget);
