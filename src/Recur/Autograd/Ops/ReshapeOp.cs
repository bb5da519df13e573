using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>The same elements (row-major order) under a new shape; one length may be −1 (inferred). Backward: dx += g.</summary>
internal sealed class ReshapeOp : Function
{
    /// <summary>y = x with shape <paramref name="shape"/> (a copy of the data).</summary>
    /// <exception cref="ArgumentException">More than one −1, a length below −1, or an element count that differs.</exception>
    public static Tensor Forward(Tensor x, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int[] resolved = Resolve(x, shape);
        var y = Tensor.Wrap(x.ToArray(), resolved);
        new ReshapeOp().TryRecord([x], y);
        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            Span<float> dx = context.InputGrad(0);
            TensorPrimitives.Add(dx, context.OutputGrad(), dx);
        }
    }

    private static int[] Resolve(Tensor x, int[] shape)
    {
        var resolved = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1 && infer < 0)
            {
                infer = i;
            }
            else if (resolved[i] < 0)
            {
                throw Error(x, shape, "at most one length may be -1 and no other length may be negative");
            }
            else
            {
                known *= resolved[i];
            }
        }

        if (infer >= 0)
        {
            if (known == 0 || x.Length % known != 0)
            {
                throw Error(x, shape, $"cannot infer the -1 length: {x.Length} elements are not a multiple of {known}");
            }

            resolved[infer] = (int)(x.Length / known);
        }
        else if (known != x.Length)
        {
            throw Error(x, shape, $"the element count must stay {x.Length}, the new shape holds {known}");
        }

        return resolved;
    }

    private static ArgumentException Error(Tensor x, int[] shape, string rule) => new(
        $"Reshape: cannot reshape {Tensor.FormatShape(x.Dims)} to {Tensor.FormatShape(shape)}: {rule}.", nameof(shape));
}
