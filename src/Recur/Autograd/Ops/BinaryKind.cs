namespace Recur.Autograd.Ops;

/// <summary>The element-wise binary operation applied by <see cref="Broadcast.Apply"/>.</summary>
internal enum BinaryKind
{
    /// <summary>x + y.</summary>
    Add,

    /// <summary>x − y.</summary>
    Subtract,

    /// <summary>x · y.</summary>
    Multiply,

    /// <summary>x / y.</summary>
    Divide,
}
