namespace Recur.Autograd.Ops;

/// <summary>
/// Row lookup: y[p] = weight[ids[p]] for each position p (ids[p] &lt; 0: a padded position, y[p] = 0).
/// Backward: dweight[ids[p]] += dy[p] for every position whose id is not negative and not the padding index, so
/// repeated ids accumulate and the padding row never gets a gradient (PyTorch's <c>padding_idx</c>).
/// The ids are not differentiable; only the weight is an input of the node.
/// </summary>
internal sealed class EmbeddingOp : Function
{
    private int[] _ids = [];
    private int _dim;
    private int _paddingIndex;

    /// <summary>
    /// weight (N, D), ids (P) checked by the caller (each in [0, N) or −1) → y of <paramref name="shape"/> (P·D elements).
    /// </summary>
    public static Tensor Forward(Tensor weight, int[] ids, int[] shape, int? paddingIndex)
    {
        int d = weight.Dims[1];
        var y = new float[ids.Length * d];
        ReadOnlySpan<float> w = weight.AsReadOnlySpan();
        for (int p = 0; p < ids.Length; p++)
        {
            if (ids[p] >= 0)
            {
                w.Slice(ids[p] * d, d).CopyTo(y.AsSpan(p * d, d));
            }
        }

        Tensor result = Tensor.Wrap(y, shape);
        var op = new EmbeddingOp();
        if (op.TryRecord([weight], result))
        {
            op._ids = ids;
            op._dim = d;
            op._paddingIndex = paddingIndex ?? -1;
        }

        return result;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsInputGrad(0) || _dim == 0)
        {
            return;
        }

        ReadOnlySpan<float> dy = context.OutputGrad();
        Span<float> dw = context.InputGrad(0);
        int d = _dim;
        for (int p = 0; p < _ids.Length; p++)
        {
            int id = _ids[p];
            if (id >= 0 && id != _paddingIndex)
            {
                Span<float> row = dw.Slice(id * d, d);
                System.Numerics.Tensors.TensorPrimitives.Add(row, dy.Slice(p * d, d), row);
            }
        }
    }
}
