namespace Recur.Autograd.Ops;

/// <summary>How one operand of a broadcast binary operation maps onto the output's elements.</summary>
internal enum BroadcastKind
{
    /// <summary>The operand has as many elements as the output, in the same order.</summary>
    Full,

    /// <summary>The operand has one element, repeated everywhere.</summary>
    Scalar,

    /// <summary>The operand's shape is a trailing part of the output's: its block repeats (e.g. a bias (n) against (…, n)).</summary>
    Suffix,

    /// <summary>General broadcasting: an explicit map from output element to operand element.</summary>
    Map,
}
