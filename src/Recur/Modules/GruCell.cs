namespace Recur.Modules;

/// <summary>
/// A single GRU step (PyTorch's <c>nn.GRUCell</c>), gate order r, z, n:
/// <code>
/// r  = σ(W_ir x + b_ir + W_hr h + b_hr)
/// z  = σ(W_iz x + b_iz + W_hz h + b_hz)
/// n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))      reset-after (default, PyTorch / cuDNN)
/// n  = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)      reset-before (resetAfter: false; Cho et al., Keras reset_after=False)
/// h' = (1 − z) ⊙ n + z ⊙ h
/// </code>
/// Parameters (PyTorch names): <c>weight_ih</c> (3H, I), <c>weight_hh</c> (3H, H) and, with bias, <c>bias_ih</c> (3H),
/// <c>bias_hh</c> (3H); row block j belongs to gate j of (r, z, n). Initialised like PyTorch: every value
/// U(−1/√H, 1/√H) from a deterministic counter-based stream.
/// </summary>
public sealed class GruCell : Module
{
    /// <summary>The default initialisation seed.</summary>
    public const ulong DefaultSeed = 0x5EED_6301UL;

    /// <summary>Creates the cell.</summary>
    /// <param name="inputSize">I, the width of x (≥ 1).</param>
    /// <param name="hiddenSize">H, the width of h (≥ 1).</param>
    /// <param name="bias">Whether the cell has <c>bias_ih</c> and <c>bias_hh</c> (default true).</param>
    /// <param name="resetAfter">True (default): the reset gate multiplies W_hn h + b_hn (PyTorch); false: it multiplies h before the product.</param>
    /// <param name="seed">Initialisation seed; the same seed gives the same weights.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public GruCell(int inputSize, int hiddenSize, bool bias = true, bool resetAfter = true, ulong seed = DefaultSeed)
    {
        RnnCellSupport.CheckSizes("GruCell", inputSize, hiddenSize);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        ResetAfter = resetAfter;
        Tensor[] p = RnnCellSupport.CreateParameters(3 * hiddenSize, inputSize, hiddenSize, bias, seed);
        WeightIh = RegisterParameter("weight_ih", p[0]);
        WeightHh = RegisterParameter("weight_hh", p[1]);
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", p[2]);
            BiasHh = RegisterParameter("bias_hh", p[3]);
        }
    }

    /// <summary>I, the input width.</summary>
    public int InputSize { get; }

    /// <summary>H, the hidden width.</summary>
    public int HiddenSize { get; }

    /// <summary>Whether the reset gate is applied after the recurrent product (PyTorch) or before it.</summary>
    public bool ResetAfter { get; }

    /// <summary><c>weight_ih</c> (3H, I), blocks r, z, n.</summary>
    public Tensor WeightIh { get; }

    /// <summary><c>weight_hh</c> (3H, H), blocks r, z, n.</summary>
    public Tensor WeightHh { get; }

    /// <summary><c>bias_ih</c> (3H), or null without bias.</summary>
    public Tensor? BiasIh { get; }

    /// <summary><c>bias_hh</c> (3H), or null without bias.</summary>
    public Tensor? BiasHh { get; }

    /// <inheritdoc/>
    public override string DisplayName =>
        $"GruCell({InputSize}, {HiddenSize}{(BiasIh is null ? ", bias: false" : string.Empty)}{(ResetAfter ? string.Empty : ", resetAfter: false")})";

    /// <summary>One step: h' from x and h, as one recorded operation.</summary>
    /// <param name="x">Input (B, I).</param>
    /// <param name="h">State (B, H), or null for zeros.</param>
    /// <returns>The new state h' (B, H).</returns>
    /// <exception cref="ArgumentException">x or h has the wrong shape.</exception>
    public Tensor Forward(Tensor x, Tensor? h = null)
    {
        Tensor state = RnnCellSupport.CheckInputs(DisplayName, x, h, InputSize, HiddenSize);
        Tensor[] weights = BiasIh is null ? [WeightIh, WeightHh] : [WeightIh, WeightHh, BiasIh, BiasHh!];
        return GruLayerOp.Forward(x, state, weights, BiasIh is not null, 1, [], ResetAfter, cell: true).Output;
    }
}
