namespace Recur.Autograd.Ops;

/// <summary>a − b with NumPy-style broadcasting. Backward: a gets the output gradient, b its negation, each summed over its broadcast axes.</summary>
internal sealed class SubOp : Function
{
    private BroadcastSide _sideA;
    private BroadcastSide _sideB;

    /// <summary>y = a − b; y has the broadcast shape of a and b.</summary>
    public static Tensor Forward(Tensor a, Tensor b)
    {
        int[] shape = Broadcast.Shape("Sub", a.Dims, b.Dims);
        var y = Tensor.Wrap(new float[Broadcast.Product(shape)], shape);
        BroadcastSide sa = Broadcast.Side(a.Dims, shape);
        BroadcastSide sb = Broadcast.Side(b.Dims, shape);
        Broadcast.Apply(BinaryKind.Subtract, y.Buffer, a.Buffer, sa, b.Buffer, sb);
        var op = new SubOp();
        if (op.TryRecord([a, b], y))
        {
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
            Broadcast.ReduceInto(context.InputGrad(0), g, _sideA, 1f);
        }

        if (context.NeedsInputGrad(1))
        {
            Broadcast.ReduceInto(context.InputGrad(1), g, _sideB, -1f);
        }
    }
}
