using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// Stochastic gradient descent (PyTorch 1.13 <c>torch.optim.SGD</c>): g += wd·p; with momentum μ &gt; 0,
/// buf = g on the first step and buf = μ·buf + (1 − dampening)·g afterwards, then g = g + μ·buf (Nesterov) or
/// g = buf; finally p −= lr·g. State key: <c>momentum_buffer</c> (only with momentum).
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[] _scratch;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The tensors to optimise.</param>
    /// <param name="lr">Learning rate (≥ 0).</param>
    /// <param name="momentum">Momentum factor μ (≥ 0, default 0).</param>
    /// <param name="dampening">Dampening of the momentum (≥ 0, default 0).</param>
    /// <param name="weightDecay">L2 penalty (≥ 0, default 0).</param>
    /// <param name="nesterov">Nesterov momentum (default false); needs momentum &gt; 0 and dampening = 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">Nesterov without momentum or with dampening.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        OptimChecks.NonNegative(nameof(Sgd), nameof(momentum), momentum);
        OptimChecks.NonNegative(nameof(Sgd), nameof(dampening), dampening);
        OptimChecks.NonNegative(nameof(Sgd), nameof(weightDecay), weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException(
                $"Sgd: nesterov requires momentum > 0 and dampening = 0; got momentum {momentum}, dampening {dampening}.", nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _scratch = new float[ChunkLength];
    }

    /// <summary>Momentum factor μ.</summary>
    public double Momentum { get; }

    /// <summary>Momentum dampening.</summary>
    public double Dampening { get; }

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        bool first = Momentum != 0 && !HasState(index, "momentum_buffer");
        for (int o = 0; o < param.Length; o += ChunkLength)
        {
            int n = Math.Min(ChunkLength, param.Length - o);
            UpdateChunk(index, o, first, param.Slice(o, n), grad.Slice(o, n));
        }
    }

    /// <summary>The update of elements [<paramref name="offset"/>, offset + param.Length) of parameter <paramref name="index"/>.</summary>
    private void UpdateChunk(int index, int offset, bool first, Span<float> param, ReadOnlySpan<float> grad)
    {
        Span<float> g = _scratch.AsSpan(0, param.Length);
        if (WeightDecay != 0)
        {
            TensorPrimitives.MultiplyAdd(param, (float)WeightDecay, grad, g);
        }
        else
        {
            grad.CopyTo(g);
        }

        if (Momentum != 0)
        {
            Span<float> buf = State(index, "momentum_buffer").AsSpan(offset, param.Length);
            if (first)
            {
                g.CopyTo(buf);
            }
            else
            {
                TensorPrimitives.Multiply(buf, (float)Momentum, buf);
                TensorPrimitives.MultiplyAdd(g, (float)(1 - Dampening), buf, buf);
            }

            if (Nesterov)
            {
                TensorPrimitives.MultiplyAdd(buf, (float)Momentum, g, g);
            }
            else
            {
                buf.CopyTo(g);
            }
        }

        TensorPrimitives.MultiplyAdd(g, (float)-LearningRate, param, param);
    }
}
