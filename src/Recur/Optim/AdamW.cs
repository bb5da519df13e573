using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// AdamW (PyTorch 1.13 <c>torch.optim.AdamW</c>, single-tensor path): first p *= (1 − lr·wd)
/// (decoupled weight decay), then the Adam update of <see cref="Adam"/> without the L2 term.
/// State keys: <c>exp_avg</c>, <c>exp_avg_sq</c>.
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly float[] _scratch;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The tensors to optimise.</param>
    /// <param name="lr">Learning rate (≥ 0, default 1e-3).</param>
    /// <param name="beta1">First-moment decay (in [0, 1), default 0.9).</param>
    /// <param name="beta2">Second-moment decay (in [0, 1), default 0.999).</param>
    /// <param name="eps">Added to the denominator (≥ 0, default 1e-8).</param>
    /// <param name="weightDecay">Decoupled weight decay (≥ 0, default 1e-2).</param>
    /// <param name="amsgrad">Use the AMSGrad variant (default false): the running maximum of v, state key <c>max_exp_avg_sq</c>, replaces v in the denominator.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        : base(parameters, lr)
    {
        AdamMath.Check(nameof(AdamW), beta1, beta2, eps, weightDecay);
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        AmsGrad = amsgrad;
        _scratch = new float[2 * ChunkLength];
    }

    /// <summary>First-moment decay β1.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay β2.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator epsilon.</summary>
    public double Eps { get; }

    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        TensorPrimitives.Multiply(param, (float)(1 - (LearningRate * WeightDecay)), param);
        AdamMath.Update(param, grad, 0, State(index, "exp_avg"), State(index, "exp_avg_sq"), AmsGrad ? State(index, "max_exp_avg_sq") : default, _scratch, LearningRate, Beta1, Beta2, Eps, step);
    }
}
