using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>
/// Inverted dropout: each element is zeroed with probability p and the survivors are scaled by 1/(1 − p), so the
/// expected value is unchanged. Element i is kept when <see cref="CounterRandom.Uniform01"/>(seed, i) ≥ p: the mask
/// depends only on (seed, i). Backward: dx += g ⊙ mask.
/// </summary>
internal sealed class DropoutOp : Function
{
    private float[] _mask = [];

    /// <summary>
    /// y = x ⊙ mask (same shape). With p = 0 or <paramref name="training"/> false, returns <paramref name="x"/>
    /// itself (no node is recorded).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">p is not in [0, 1).</exception>
    public static Tensor Forward(Tensor x, float p, ulong seed, bool training)
    {
        if (!(p >= 0f && p < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"Dropout: the drop probability p must be in [0, 1); got {p}.");
        }

        if (p == 0f || !training)
        {
            return x;
        }

        var mask = new float[x.Length];
        float keepScale = 1f / (1f - p);
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = CounterRandom.Uniform01(seed, (ulong)i) >= p ? keepScale : 0f;
        }

        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        TensorPrimitives.Multiply(x.Buffer, mask, y.Buffer);
        var op = new DropoutOp();
        if (op.TryRecord([x], y))
        {
            op._mask = mask;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            Span<float> dx = context.InputGrad(0);
            TensorPrimitives.MultiplyAdd(context.OutputGrad(), _mask, dx, dx);
        }
    }
}
