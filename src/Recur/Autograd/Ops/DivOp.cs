namespace Recur.Autograd.Ops;

/// <summary>a / b (element-wise) with NumPy-style broadcasting. Backward: da = Σ_bcast g / b, db = −Σ_bcast g ⊙ y / b.</summary>
internal sealed class DivOp : Function
{
    private float[] _b = [];
    private float[] _y = [];
    private BroadcastSide _sideA;
    private BroadcastSide _sideB;

    /// <summary>y = a / b; y has the broadcast shape of a and b.</summary>
    public static Tensor Forward(Tensor a, Tensor b)
    {
        int[] shape = Broadcast.Shape("Div", a.Dims, b.Dims);
        var y = Tensor.Wrap(new float[Broadcast.Product(shape)], shape);
        BroadcastSide sa = Broadcast.Side(a.Dims, shape);
        BroadcastSide sb = Broadcast.Side(b.Dims, shape);
        Broadcast.Apply(BinaryKind.Divide, y.Buffer, a.Buffer, sa, b.Buffer, sb);
        var op = new DivOp();
        if (op.TryRecord([a, b], y))
        {
            op._b = b.Buffer;
            op._y = y.Buffer;
            op._sideA = sa;
            op._sideB = sb;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        ReadOnlySpan<float> g = context.OutputGrad();
        var quotient = new float[g.Length];
        Broadcast.Apply(BinaryKind.Divide, quotient, g, BroadcastSide.Full, _b, _sideB); // g / b
        if (context.NeedsInputGrad(0))
        {
            Broadcast.ReduceInto(context.InputGrad(0), quotient, _sideA, 1f);
        }

        if (context.NeedsInputGrad(1))
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(quotient, _y, quotient); // g ⊙ y / b = g ⊙ a / b²
            Broadcast.ReduceInto(context.InputGrad(1), quotient, _sideB, -1f);
        }
    }
}
