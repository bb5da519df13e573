using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>a ⊙ b (element-wise product) with NumPy-style broadcasting. Backward: da = Σ_bcast g ⊙ b, db = Σ_bcast g ⊙ a.</summary>
internal sealed class MulOp : Function
{
    private float[] _a = [];
    private float[] _b = [];
    private BroadcastSide _sideA;
    private BroadcastSide _sideB;

    /// <summary>y = a ⊙ b; y has the broadcast shape of a and b.</summary>
    public static Tensor Forward(Tensor a, Tensor b)
    {
        int[] shape = Broadcast.Shape("Mul", a.Dims, b.Dims);
        var y = Tensor.Wrap(new float[Broadcast.Product(shape)], shape);
        BroadcastSide sa = Broadcast.Side(a.Dims, shape);
        BroadcastSide sb = Broadcast.Side(b.Dims, shape);
        Broadcast.Apply(BinaryKind.Multiply, y.Buffer, a.Buffer, sa, b.Buffer, sb);
        var op = new MulOp();
        if (op.TryRecord([a, b], y))
        {
            op._a = a.Buffer;
            op._b = b.Buffer;
            op._sideA = sa;
            op._sideB = sb;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        ReadOnlySpan<float> g = context.OutputGrad();
        if (context.NeedsInputGrad(0))
        {
            AddProduct(context.InputGrad(0), _sideA, g, _b, _sideB);
        }

        if (context.NeedsInputGrad(1))
        {
            AddProduct(context.InputGrad(1), _sideB, g, _a, _sideA);
        }
    }

    /// <summary>dx += Σ_bcast(g ⊙ other).</summary>
    private static void AddProduct(Span<float> dx, BroadcastSide sideX, ReadOnlySpan<float> g, ReadOnlySpan<float> other, BroadcastSide sideOther)
    {
        if (sideX.Kind == BroadcastKind.Full && sideOther.Kind == BroadcastKind.Full)
        {
            TensorPrimitives.MultiplyAdd(g, other, dx, dx);
            return;
        }

        var product = new float[g.Length];
        Broadcast.Apply(BinaryKind.Multiply, product, g, BroadcastSide.Full, other, sideOther);
        Broadcast.ReduceInto(dx, product, sideX, 1f);
    }
}
