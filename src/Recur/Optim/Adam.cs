namespace Recur.Optim;

/// <summary>
/// Adam (PyTorch 1.13 <c>torch.optim.Adam</c>, single-tensor path). Per step s (from 1), with g the
/// gradient: g += wd·p (coupled L2, only when weightDecay &gt; 0); m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
/// p −= (lr/(1 − β1^s))·m / (sqrt(v)/sqrt(1 − β2^s) + eps). State keys: <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[] _scratch;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The tensors to optimise.</param>
    /// <param name="lr">Learning rate (≥ 0, default 1e-3).</param>
    /// <param name="beta1">First-moment decay (in [0, 1), default 0.9).</param>
    /// <param name="beta2">Second-moment decay (in [0, 1), default 0.999).</param>
    /// <param name="eps">Added to the denominator (≥ 0, default 1e-8).</param>
    /// <param name="weightDecay">Coupled L2 penalty (≥ 0, default 0).</param>
    /// <param name="amsgrad">Use the AMSGrad variant (default false): the running maximum of v, state key <c>max_exp_avg_sq</c>, replaces v in the denominator.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : base(parameters, lr)
    {
        AdamMath.Check(nameof(Adam), beta1, beta2, eps, weightDecay);
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

    /// <summary>Coupled L2 weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step) =>
        AdamMath.Update(param, grad, WeightDecay, State(index, "exp_avg"), State(index, "exp_avg_sq"), AmsGrad ? State(index, "max_exp_avg_sq") : default, _scratch, LearningRate, Beta1, Beta2, Eps, step);
}
