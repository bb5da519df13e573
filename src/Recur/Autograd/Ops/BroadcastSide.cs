namespace Recur.Autograd.Ops;

/// <summary>
/// How an operand of shape <c>Dims</c> is read when broadcast to an output: see <see cref="BroadcastKind"/>.
/// <see cref="Map"/> is set only for <see cref="BroadcastKind.Map"/> (output flat index → operand flat index).
/// </summary>
internal readonly record struct BroadcastSide(BroadcastKind Kind, int[]? Map)
{
    /// <summary>An operand with the output's own layout.</summary>
    public static BroadcastSide Full => new(BroadcastKind.Full, null);
}
