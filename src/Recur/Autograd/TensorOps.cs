namespace Recur.Autograd;

/// <summary>
/// The differentiable operations as static functions (the same as the <see cref="Tensor"/> operators and methods).
/// Shapes: see the corresponding <see cref="Tensor"/> members.
/// </summary>
public static class TensorOps
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => a + b;

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => a - b;

    /// <summary>a ⊙ b with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b) => a * b;

    /// <summary>a / b with broadcasting.</summary>
    public static Tensor Div(Tensor a, Tensor b) => a / b;

    /// <summary>−x.</summary>
    public static Tensor Neg(Tensor x) => -x;

    /// <summary>x · s.</summary>
    public static Tensor Scale(Tensor x, float s) => x * s;

    /// <summary>(m, k) × (k, n), (…, m, k) × (k, n) or batched (…, m, k) × (…, k, n).</summary>
    public static Tensor MatMul(Tensor a, Tensor b) => Tensor.MatMul(a, b);

    /// <summary>Sum of all elements, shape ().</summary>
    public static Tensor Sum(Tensor x) => x.Sum();

    /// <summary>Sum along an axis.</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDim = false) => x.Sum(axis, keepDim);

    /// <summary>Mean of all elements, shape ().</summary>
    public static Tensor Mean(Tensor x) => x.Mean();

    /// <summary>Mean along an axis.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDim = false) => x.Mean(axis, keepDim);

    /// <summary>The same elements under a new shape (one −1 allowed).</summary>
    public static Tensor Reshape(Tensor x, params int[] shape) => x.Reshape(shape);

    /// <summary>Swaps two axes.</summary>
    public static Tensor Transpose(Tensor x, int axis0, int axis1) => x.Transpose(axis0, axis1);

    /// <summary>Joins tensors along an axis.</summary>
    public static Tensor Concat(int axis, params Tensor[] tensors) => Tensor.Concat(axis, tensors);

    /// <summary>The range [start, start + length) along an axis.</summary>
    public static Tensor Slice(Tensor x, int axis, int start, int length) => x.Slice(axis, start, length);

    /// <summary>Gathers along an axis by index.</summary>
    public static Tensor IndexSelect(Tensor x, int axis, int[] indices) => x.IndexSelect(axis, indices);

    /// <summary>Logistic sigmoid.</summary>
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => x.Tanh();

    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => x.Relu();

    /// <summary>x / (1 + |x|).</summary>
    public static Tensor Softsign(Tensor x) => x.Softsign();

    /// <summary>clamp(0.2·x + 0.5, 0, 1).</summary>
    public static Tensor HardSigmoid(Tensor x) => x.HardSigmoid();

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) => x.Exp();

    /// <summary>ln x.</summary>
    public static Tensor Log(Tensor x) => x.Log();

    /// <summary>Softmax along the last axis.</summary>
    public static Tensor Softmax(Tensor x) => x.Softmax();

    /// <summary>Log-softmax along the last axis.</summary>
    public static Tensor LogSoftmax(Tensor x) => x.LogSoftmax();

    /// <summary>Inverted dropout with a counter-based mask.</summary>
    public static Tensor Dropout(Tensor x, float p, ulong seed, bool training = true) => x.Dropout(p, seed, training);
}
