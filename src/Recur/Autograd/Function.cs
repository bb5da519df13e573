namespace Recur.Autograd;

/// <summary>
/// A recorded operation on the autograd tape. Each operation is one small sealed subclass: a static
/// <c>Forward</c> that computes its outputs and, when gradients are wanted, records an instance that keeps only
/// what <see cref="Backward"/> needs. Nodes are numbered in recording order; the backward pass visits them in
/// reverse order (the tape, replayed backwards).
/// </summary>
public abstract class Function
{
    private static long s_sequence;

    /// <summary>Recording order; later operations have larger numbers.</summary>
    internal long Sequence { get; private set; }

    /// <summary>The tensors this operation read, in the order its Backward refers to them.</summary>
    internal Tensor[] Inputs { get; private set; } = [];

    /// <summary>The element count of each output (for gradient buffers).</summary>
    internal int[] OutputLengths { get; private set; } = [];

    // Storage deferred by ReturnAfterBackward: an op has at most three outputs (the LSTM's y, h_n, c_n), so three
    // fields hold it without an allocation.
    private float[]? _return0;
    private float[]? _return1;
    private float[]? _return2;

    /// <summary>Whether a backward pass has run this node's <see cref="Backward"/> (its saved state may be gone).</summary>
    internal bool BackwardDone { get; private set; }

    /// <summary>
    /// Hands <paramref name="data"/> (the pooled storage of one of this node's outputs, disposed by its user) to
    /// <see cref="TensorPool"/> once <see cref="Backward"/> has run: until then the recorded graph may still need it.
    /// </summary>
    internal void ReturnAfterBackward(float[] data)
    {
        if (BackwardDone)
        {
            TensorPool.Return(data);
            return;
        }

        if (_return0 is null)
        {
            _return0 = data;
        }
        else if (_return1 is null)
        {
            _return1 = data;
        }
        else if (_return2 is null)
        {
            _return2 = data;
        }

        // More outputs than that: the storage is left to the collector.
    }

    /// <summary>Marks the node's backward as run and returns the storage deferred by <see cref="ReturnAfterBackward"/>.</summary>
    internal void MarkBackwardDone()
    {
        BackwardDone = true;
        foreach (float[]? data in (ReadOnlySpan<float[]?>)[_return0, _return1, _return2])
        {
            if (data is not null)
            {
                TensorPool.Return(data);
            }
        }

        _return0 = _return1 = _return2 = null;
    }

    /// <summary>A short display name (the class name without the "Function"/"Op" suffix).</summary>
    public virtual string Name
    {
        get
        {
            string n = GetType().Name;
            return n.EndsWith("Op", StringComparison.Ordinal) ? n[..^2] : n;
        }
    }

    /// <summary>
    /// Computes input gradients from output gradients. Implementations must ADD into the spans returned by
    /// <see cref="GradientContext.InputGrad"/> (never overwrite): the same buffer may be shared by several inputs
    /// or several uses of one tensor.
    /// </summary>
    protected internal abstract void Backward(GradientContext context);

    /// <summary>
    /// Records this node when grad mode is on and any input requires gradients: links the outputs to it and
    /// marks them as requiring gradients. Returns true if recorded (the caller may skip saving state otherwise).
    /// </summary>
    protected bool TryRecord(ReadOnlySpan<Tensor> inputs, params ReadOnlySpan<Tensor> outputs)
    {
        if (!GradMode.ShouldRecord(inputs))
        {
            return false;
        }

        Record(inputs.ToArray(), outputs);
        return true;
    }

    /// <summary>
    /// As <see cref="TryRecord"/>, but keeps <paramref name="inputs"/> itself as <see cref="Inputs"/> instead of a copy:
    /// the caller hands the array over and must not change it afterwards.
    /// </summary>
    protected bool TryRecordOwning(Tensor[] inputs, params ReadOnlySpan<Tensor> outputs)
    {
        if (!GradMode.ShouldRecord(inputs))
        {
            return false;
        }

        Record(inputs, outputs);
        return true;
    }

    private void Record(Tensor[] inputs, ReadOnlySpan<Tensor> outputs)
    {
        Sequence = Interlocked.Increment(ref s_sequence);
        Inputs = inputs;
        var lengths = new int[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            lengths[i] = outputs[i].Length;
            outputs[i].SetGradFn(this, i);
        }

        OutputLengths = lengths;
    }
}
