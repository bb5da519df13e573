namespace Recur.Autograd;

/// <summary>
/// What a <see cref="Function"/> sees during backward: the gradients of its outputs and writable (accumulating)
/// gradient buffers for its inputs.
/// </summary>
public sealed class GradientContext
{
    private readonly BackwardEngine _engine;
    private Function _node = null!;
    private float[]?[] _outputGrads = [];

    internal GradientContext(BackwardEngine engine)
    {
        _engine = engine;
    }

    internal void Reset(Function node, float[]?[] outputGrads)
    {
        _node = node;
        _outputGrads = outputGrads;
    }

    /// <summary>True if a gradient reached output <paramref name="index"/>.</summary>
    public bool HasOutputGrad(int index = 0) => _outputGrads[index] is not null;

    /// <summary>The gradient of output <paramref name="index"/> (zeros if none reached it), row-major.</summary>
    public ReadOnlySpan<float> OutputGrad(int index = 0)
    {
        int length = _node.OutputLengths[index];
        return (_outputGrads[index] ??= BackwardEngine.RentZeroed(length)).AsSpan(0, length);
    }

    /// <summary>True if input <paramref name="index"/> needs a gradient.</summary>
    public bool NeedsInputGrad(int index) => _node.Inputs[index].RequiresGrad;

    /// <summary>
    /// The gradient buffer of input <paramref name="index"/>, to be ADDED into. Only valid when
    /// <see cref="NeedsInputGrad"/> is true.
    /// </summary>
    public Span<float> InputGrad(int index) => _engine.GradientBuffer(_node.Inputs[index]);
}
