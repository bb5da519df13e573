namespace Recur.Modules;

/// <summary>
/// A dense layer y = x·Wᵀ + b applied over the last axis (PyTorch's <c>nn.Linear</c>): x (…, inFeatures) →
/// y (…, outFeatures). Parameters: <c>weight</c> (outFeatures, inFeatures) and, when <c>bias</c> is true,
/// <c>bias</c> (outFeatures). Both are initialised like PyTorch (kaiming-uniform with a = √5, which is
/// U(−1/√in, 1/√in), and the same bound for the bias) from a deterministic counter-based stream.
/// </summary>
public sealed class Linear : Module
{
    /// <summary>The default initialisation seed.</summary>
    public const ulong DefaultSeed = 0x5EED_0001UL;

    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">Input width (≥ 1).</param>
    /// <param name="outFeatures">Output width (≥ 1).</param>
    /// <param name="bias">Whether the layer has a bias (default true).</param>
    /// <param name="seed">Initialisation seed (default <see cref="DefaultSeed"/>); the same seed gives the same weights.</param>
    /// <exception cref="ArgumentOutOfRangeException">A feature count is below 1.</exception>
    public Linear(int inFeatures, int outFeatures, bool bias = true, ulong seed = DefaultSeed)
    {
        if (inFeatures < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inFeatures), inFeatures, $"Linear: inFeatures must be ≥ 1; got {inFeatures}.");
        }

        if (outFeatures < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outFeatures), outFeatures, $"Linear: outFeatures must be ≥ 1; got {outFeatures}.");
        }

        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        float bound = 1f / MathF.Sqrt(inFeatures);
        var w = new float[outFeatures * inFeatures];
        CounterRandom.FillUniform(w, seed, 0, -bound, bound);
        Weight = RegisterParameter("weight", Tensor.Wrap(w, [outFeatures, inFeatures]));
        if (bias)
        {
            var b = new float[outFeatures];
            CounterRandom.FillUniform(b, seed, (ulong)w.Length, -bound, bound);
            Bias = RegisterParameter("bias", Tensor.Wrap(b, [outFeatures]));
        }
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight (outFeatures, inFeatures).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias (outFeatures), or null when created with bias = false.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override string DisplayName => $"Linear({InFeatures}, {OutFeatures}{(Bias is null ? ", bias: false" : string.Empty)})";

    /// <summary>y = x·Wᵀ + b over the last axis, as one recorded operation.</summary>
    /// <param name="x">Input (…, inFeatures), rank ≥ 1.</param>
    /// <returns>Output (…, outFeatures).</returns>
    /// <exception cref="ArgumentException">x's last axis is not inFeatures long.</exception>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1 || x.Dims[^1] != InFeatures)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected x of shape (…, {InFeatures}), got {Tensor.FormatShape(x.Dims)}.", nameof(x));
        }

        return LinearOp.Forward(x, Weight, Bias);
    }
}
