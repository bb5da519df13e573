namespace Recur.Modules;

/// <summary>
/// A single simple-RNN step (PyTorch's <c>nn.RNNCell</c>): h' = f(W_ih x + b_ih + W_hh h + b_hh), f = tanh or relu.
/// Parameters (PyTorch names): <c>weight_ih</c> (H, I), <c>weight_hh</c> (H, H) and, with bias, <c>bias_ih</c> (H),
/// <c>bias_hh</c> (H). Initialised like PyTorch: every value U(−1/√H, 1/√H) from a deterministic counter-based stream.
/// </summary>
public sealed class RnnCell : Module
{
    /// <summary>The default initialisation seed.</summary>
    public const ulong DefaultSeed = 0x5EED_6302UL;

    /// <summary>Creates the cell.</summary>
    /// <param name="inputSize">I, the width of x (≥ 1).</param>
    /// <param name="hiddenSize">H, the width of h (≥ 1).</param>
    /// <param name="bias">Whether the cell has <c>bias_ih</c> and <c>bias_hh</c> (default true).</param>
    /// <param name="nonlinearity">f: <see cref="Nonlinearity.Tanh"/> (default) or <see cref="Nonlinearity.Relu"/>.</param>
    /// <param name="seed">Initialisation seed; the same seed gives the same weights.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or the nonlinearity is unknown.</exception>
    public RnnCell(int inputSize, int hiddenSize, bool bias = true, Nonlinearity nonlinearity = Nonlinearity.Tanh, ulong seed = DefaultSeed)
    {
        RnnCellSupport.CheckSizes("RnnCell", inputSize, hiddenSize);
        if (nonlinearity is not (Nonlinearity.Tanh or Nonlinearity.Relu))
        {
            throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, $"RnnCell: nonlinearity must be Tanh or Relu; got {nonlinearity}.");
        }

        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Nonlinearity = nonlinearity;
        Tensor[] p = RnnCellSupport.CreateParameters(hiddenSize, inputSize, hiddenSize, bias, seed);
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

    /// <summary>The activation f.</summary>
    public Nonlinearity Nonlinearity { get; }

    /// <summary><c>weight_ih</c> (H, I).</summary>
    public Tensor WeightIh { get; }

    /// <summary><c>weight_hh</c> (H, H).</summary>
    public Tensor WeightHh { get; }

    /// <summary><c>bias_ih</c> (H), or null without bias.</summary>
    public Tensor? BiasIh { get; }

    /// <summary><c>bias_hh</c> (H), or null without bias.</summary>
    public Tensor? BiasHh { get; }

    /// <inheritdoc/>
    public override string DisplayName =>
        $"RnnCell({InputSize}, {HiddenSize}{(BiasIh is null ? ", bias: false" : string.Empty)}{(Nonlinearity == Nonlinearity.Relu ? ", Relu" : string.Empty)})";

    /// <summary>One step: h' = f(W_ih x + b_ih + W_hh h + b_hh), as one recorded operation.</summary>
    /// <param name="x">Input (B, I).</param>
    /// <param name="h">State (B, H), or null for zeros.</param>
    /// <returns>The new state h' (B, H).</returns>
    /// <exception cref="ArgumentException">x or h has the wrong shape.</exception>
    public Tensor Forward(Tensor x, Tensor? h = null)
    {
        Tensor state = RnnCellSupport.CheckInputs(DisplayName, x, h, InputSize, HiddenSize);
        Tensor[] weights = BiasIh is null ? [WeightIh, WeightHh] : [WeightIh, WeightHh, BiasIh, BiasHh!];
        return RnnLayerOp.Forward(x, state, weights, BiasIh is not null, 1, [], Nonlinearity == Nonlinearity.Relu, cell: true).Output;
    }
}
