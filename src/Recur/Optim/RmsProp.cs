using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// RMSprop (PyTorch 1.13 <c>torch.optim.RMSprop</c>): g += wd·p; sq = α·sq + (1 − α)·g²; centered:
/// ga = α·ga + (1 − α)·g and avg = sqrt(sq − ga²) + eps, else avg = sqrt(sq) + eps (eps outside the root);
/// with momentum μ &gt; 0: buf = μ·buf + g/avg, p −= lr·buf; else p −= lr·g/avg.
/// State keys: <c>square_avg</c>, <c>grad_avg</c> (centered only), <c>momentum_buffer</c> (momentum only).
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly float[] _scratch;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The tensors to optimise.</param>
    /// <param name="lr">Learning rate (≥ 0, default 1e-2).</param>
    /// <param name="alpha">Smoothing constant (in [0, 1], default 0.99).</param>
    /// <param name="eps">Added to the denominator (≥ 0, default 1e-8).</param>
    /// <param name="weightDecay">L2 penalty (≥ 0, default 0).</param>
    /// <param name="momentum">Momentum factor (≥ 0, default 0).</param>
    /// <param name="centered">Normalise by the estimated variance instead of the raw second moment (default false).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    public RmsProp(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(parameters, lr)
    {
        OptimChecks.Unit(nameof(RmsProp), nameof(alpha), alpha);
        OptimChecks.NonNegative(nameof(RmsProp), nameof(eps), eps);
        OptimChecks.NonNegative(nameof(RmsProp), nameof(weightDecay), weightDecay);
        OptimChecks.NonNegative(nameof(RmsProp), nameof(momentum), momentum);
        Alpha = alpha;
        Eps = eps;
        WeightDecay = weightDecay;
        Momentum = momentum;
        Centered = centered;
        _scratch = new float[2 * ChunkLength];
    }

    /// <summary>Smoothing constant α.</summary>
    public double Alpha { get; }

    /// <summary>Denominator epsilon.</summary>
    public double Eps { get; }

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        for (int o = 0; o < param.Length; o += ChunkLength)
        {
            int n = Math.Min(ChunkLength, param.Length - o);
            UpdateChunk(index, o, param.Slice(o, n), grad.Slice(o, n));
        }
    }

    /// <summary>The update of elements [<paramref name="offset"/>, offset + param.Length) of parameter <paramref name="index"/>.</summary>
    private void UpdateChunk(int index, int offset, Span<float> param, ReadOnlySpan<float> grad)
    {
        int n = param.Length;
        Span<float> g = _scratch.AsSpan(0, n);
        Span<float> avg = _scratch.AsSpan(ChunkLength, n);
        if (WeightDecay != 0)
        {
            TensorPrimitives.MultiplyAdd(param, (float)WeightDecay, grad, g);
        }
        else
        {
            grad.CopyTo(g);
        }

        Span<float> sq = State(index, "square_avg").AsSpan(offset, n);
        TensorPrimitives.Multiply(sq, (float)Alpha, sq);
        TensorPrimitives.Multiply(g, g, avg);
        TensorPrimitives.MultiplyAdd(avg, (float)(1 - Alpha), sq, sq);
        if (Centered)
        {
            Span<float> ga = State(index, "grad_avg").AsSpan(offset, n);
            TensorPrimitives.Multiply(ga, (float)Alpha, ga);
            TensorPrimitives.MultiplyAdd(g, (float)(1 - Alpha), ga, ga);
            TensorPrimitives.Multiply(ga, ga, avg);
            TensorPrimitives.Subtract(sq, avg, avg);
            TensorPrimitives.Sqrt(avg, avg);
        }
        else
        {
            TensorPrimitives.Sqrt(sq, avg);
        }

        TensorPrimitives.Add(avg, (float)Eps, avg);
        if (Momentum > 0)
        {
            Span<float> buf = State(index, "momentum_buffer").AsSpan(offset, n);
            TensorPrimitives.Multiply(buf, (float)Momentum, buf);
            TensorPrimitives.Divide(g, avg, avg);
            TensorPrimitives.Add(buf, avg, buf);
            TensorPrimitives.MultiplyAdd(buf, (float)-LearningRate, param, param);
        }
        else
        {
            TensorPrimitives.Divide(g, avg, avg);
            TensorPrimitives.MultiplyAdd(avg, (float)-LearningRate, param, param);
        }
    }
}
