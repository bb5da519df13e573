using Recur.Autograd.Ops;

namespace Recur;

public sealed partial class Tensor
{
    /// <summary>
    /// Element-wise a + b with NumPy-style broadcasting: shapes align on the right and an axis of length 1 (or a
    /// missing leading axis) stretches to the other's length, e.g. (…, n) + (n) or (b, 1, n) + (m, 1).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    public static Tensor operator +(Tensor a, Tensor b) => AddOp.Forward(NotNull(a, nameof(a)), NotNull(b, nameof(b)));

    /// <summary>Element-wise a − b with NumPy-style broadcasting (see <see cref="op_Addition(Tensor, Tensor)"/>).</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    public static Tensor operator -(Tensor a, Tensor b) => SubOp.Forward(NotNull(a, nameof(a)), NotNull(b, nameof(b)));

    /// <summary>Element-wise (Hadamard) product a ⊙ b with NumPy-style broadcasting; for the matrix product use <see cref="MatMul(Tensor)"/>.</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    public static Tensor operator *(Tensor a, Tensor b) => MulOp.Forward(NotNull(a, nameof(a)), NotNull(b, nameof(b)));

    /// <summary>Element-wise a / b with NumPy-style broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    public static Tensor operator /(Tensor a, Tensor b) => DivOp.Forward(NotNull(a, nameof(a)), NotNull(b, nameof(b)));

    /// <summary>a + s for every element (same shape as a).</summary>
    public static Tensor operator +(Tensor a, float s) => AddScalarOp.Forward(NotNull(a, nameof(a)), s);

    /// <summary>s + a for every element (same shape as a).</summary>
    public static Tensor operator +(float s, Tensor a) => AddScalarOp.Forward(NotNull(a, nameof(a)), s);

    /// <summary>a − s for every element (same shape as a).</summary>
    public static Tensor operator -(Tensor a, float s) => AddScalarOp.Forward(NotNull(a, nameof(a)), -s);

    /// <summary>s − a for every element (same shape as a).</summary>
    public static Tensor operator -(float s, Tensor a) => AddScalarOp.Forward(NegOp.Forward(NotNull(a, nameof(a))), s);

    /// <summary>a · s for every element (same shape as a).</summary>
    public static Tensor operator *(Tensor a, float s) => ScaleOp.Forward(NotNull(a, nameof(a)), s);

    /// <summary>s · a for every element (same shape as a).</summary>
    public static Tensor operator *(float s, Tensor a) => ScaleOp.Forward(NotNull(a, nameof(a)), s);

    /// <summary>a / s for every element (same shape as a).</summary>
    public static Tensor operator /(Tensor a, float s) => ScaleOp.Forward(NotNull(a, nameof(a)), 1f / s);

    /// <summary>s / a for every element (same shape as a).</summary>
    public static Tensor operator /(float s, Tensor a) => DivOp.Forward(Scalar(s), NotNull(a, nameof(a)));

    /// <summary>−a for every element (same shape as a).</summary>
    public static Tensor operator -(Tensor a) => NegOp.Forward(NotNull(a, nameof(a)));

    private static Tensor NotNull(Tensor? t, string name) => t ?? throw new ArgumentNullException(name);
}
