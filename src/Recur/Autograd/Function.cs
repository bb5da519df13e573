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

    /// <summary>Whether a backward pass has run this node's <see cref="Backward"/> (its saved state may be gone).</summary>
    internal bool BackwardDone { get; set; }

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

        Sequence = Interlocked.Increment(ref s_sequence);
        Inputs = inputs.ToArray();
        var lengths = new int[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            lengths[i] = outputs[i].Length;
            outputs[i].SetGradFn(this, i);
        }

        OutputLengths = lengths;
        return true;
    }
}
