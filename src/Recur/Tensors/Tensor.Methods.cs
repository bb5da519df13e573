using Recur.Autograd.Ops;

namespace Recur;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with <paramref name="other"/>: (m, k) × (k, n) → (m, n); (…, m, k) × (k, n) → (…, m, n)
    /// (leading axes of this tensor are flattened into one GEMM); or batched (…, m, k) × (…, k, n) → (…, m, n)
    /// with equal leading axes.
    /// </summary>
    /// <exception cref="ArgumentException">The ranks, inner lengths or batch axes do not match.</exception>
    public Tensor MatMul(Tensor other) => MatMulOp.Forward(this, NotNull(other, nameof(other)));

    /// <summary>The matrix product a · b; see <see cref="MatMul(Tensor)"/> for the accepted shapes.</summary>
    /// <exception cref="ArgumentException">The ranks, inner lengths or batch axes do not match.</exception>
    public static Tensor MatMul(Tensor a, Tensor b) => MatMulOp.Forward(NotNull(a, nameof(a)), NotNull(b, nameof(b)));

    /// <summary>The sum of all elements, shape ().</summary>
    public Tensor Sum() => SumOp.Forward(this);

    /// <summary>
    /// The sum along <paramref name="axis"/> (negative counts from the end): (…, n, …) → (…, …), or (…, 1, …) when
    /// <paramref name="keepDim"/> is true.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range.</exception>
    public Tensor Sum(int axis, bool keepDim = false) => SumOp.Forward(this, axis, keepDim);

    /// <summary>The mean of all elements, shape ().</summary>
    public Tensor Mean() => MeanOp.Forward(this, null, false);

    /// <summary>
    /// The mean along <paramref name="axis"/> (negative counts from the end): (…, n, …) → (…, …), or (…, 1, …) when
    /// <paramref name="keepDim"/> is true.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range.</exception>
    public Tensor Mean(int axis, bool keepDim = false) => MeanOp.Forward(this, axis, keepDim);

    /// <summary>
    /// The same elements in row-major order under <paramref name="shape"/> (a copy); one length may be −1 and is
    /// inferred from the element count.
    /// </summary>
    /// <exception cref="ArgumentException">The shape does not hold exactly <see cref="Length"/> elements.</exception>
    public Tensor Reshape(params int[] shape) => ReshapeOp.Forward(this, shape);

    /// <summary>Swaps axes <paramref name="axis0"/> and <paramref name="axis1"/> (negative counts from the end), e.g. (b, t, f).Transpose(0, 1) → (t, b, f).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public Tensor Transpose(int axis0, int axis1) => TransposeOp.Forward(this, axis0, axis1);

    /// <summary>The range [start, start + length) along <paramref name="axis"/>: (…, n, …) → (…, length, …) (a copy).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis or the range is out of bounds.</exception>
    public Tensor Slice(int axis, int start, int length) => SliceOp.Forward(this, axis, start, length);

    /// <summary>
    /// Gathers along <paramref name="axis"/>: (…, n, …) → (…, k, …) with k = indices.Length and
    /// result[…, j, …] = this[…, indices[j], …]. Indices may repeat (their gradients add up).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis or an index is out of range.</exception>
    public Tensor IndexSelect(int axis, int[] indices) => IndexSelectOp.Forward(this, axis, indices);

    /// <summary>Element-wise logistic sigmoid 1 / (1 + e^(−x)), same shape.</summary>
    public Tensor Sigmoid() => SigmoidOp.Forward(this);

    /// <summary>Element-wise hyperbolic tangent, same shape.</summary>
    public Tensor Tanh() => TanhOp.Forward(this);

    /// <summary>Element-wise max(x, 0), same shape.</summary>
    public Tensor Relu() => ReluOp.Forward(this);

    /// <summary>Element-wise softsign x / (1 + |x|), same shape.</summary>
    public Tensor Softsign() => SoftsignOp.Forward(this);

    /// <summary>Element-wise hard sigmoid clamp(0.2·x + 0.5, 0, 1) (Keras convention), same shape.</summary>
    public Tensor HardSigmoid() => HardSigmoidOp.Forward(this);

    /// <summary>Element-wise e^x, same shape.</summary>
    public Tensor Exp() => ExpOp.Forward(this);

    /// <summary>Element-wise natural logarithm, same shape.</summary>
    public Tensor Log() => LogOp.Forward(this);

    /// <summary>Softmax along the last axis, same shape (rank ≥ 1).</summary>
    /// <exception cref="ArgumentException">The tensor is a scalar.</exception>
    public Tensor Softmax() => SoftmaxOp.Forward(this);

    /// <summary>Log-softmax along the last axis, same shape (rank ≥ 1); numerically stable.</summary>
    /// <exception cref="ArgumentException">The tensor is a scalar.</exception>
    public Tensor LogSoftmax() => LogSoftmaxOp.Forward(this);

    /// <summary>
    /// Inverted dropout: zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1 − p).
    /// Element i's keep decision depends only on (<paramref name="seed"/>, i). With p = 0 or
    /// <paramref name="training"/> false, returns this tensor itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">p is not in [0, 1).</exception>
    public Tensor Dropout(float p, ulong seed, bool training = true) => DropoutOp.Forward(this, p, seed, training);

    /// <summary>
    /// Joins <paramref name="tensors"/> along <paramref name="axis"/> (negative counts from the end): all have the same
    /// rank and equal lengths on the other axes; the result's length on the axis is the sum.
    /// </summary>
    /// <exception cref="ArgumentException">No tensors, or shapes that differ off the axis.</exception>
    public static Tensor Concat(int axis, params Tensor[] tensors) => ConcatOp.Forward(axis, tensors);
}
