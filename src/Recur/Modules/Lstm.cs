using System.Text.Json.Nodes;
using Recur.Autograd;
using Recur.Layers;

namespace Recur.Modules;

/// <summary>
/// A multi-layer long short-term memory layer, PyTorch's <c>nn.LSTM</c> with the same constructor arguments, parameter
/// names, layouts and numbers, plus peepholes, a coupled input-forget gate, cell clipping and MATLAB's activation
/// options. Each layer (both directions) runs as one fused autograd node with a hand-written BPTT backward.
/// </summary>
/// <remarks>
/// <para><b>Equations</b> (PyTorch's; gate order i, f, g, o; W x means x·Wᵀ for a row batch; σ the gate activation,
/// φ the state activation, by default the sigmoid and tanh):</para>
/// <code>
/// i_t = σ(W_ii x_t + b_ii + W_hi h_{t−1} + b_hi)
/// f_t = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf)
/// g_t = φ(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)
/// o_t = σ(W_io x_t + b_io + W_ho h_{t−1} + b_ho)
/// c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
/// h_t = o_t ⊙ φ(c_t)
/// </code>
/// <para><b>Projection</b> (LSTMP, projSize P &gt; 0): h_t = W_hr (o_t ⊙ φ(c_t)) with <c>weight_hr_l{k}</c> (P, H); h, h0,
/// h_n and each direction's part of the output have P features, c keeps H; <c>weight_hh_l{k}</c> is (4H, P).</para>
/// <para><b>Peepholes</b> (diagonal; <c>peephole_i_l{k}</c>, <c>peephole_f_l{k}</c>, <c>peephole_o_l{k}</c>, each (H)):</para>
/// <code>
/// i_t = σ(W_ii x_t + b_ii + W_hi h_{t−1} + b_hi + p_i ⊙ c_{t−1})
/// f_t = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf + p_f ⊙ c_{t−1})
/// g_t = φ(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)
/// c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
/// o_t = σ(W_io x_t + b_io + W_ho h_{t−1} + b_ho + p_o ⊙ c_t)      (the NEW cell state)
/// h_t = o_t ⊙ φ(c_t)
/// </code>
/// <para><b>Coupled input-forget gate</b> (CIFG): no forget block; the gate weights have 3H rows in the order i, g, o
/// and f_t = 1 − i_t. With peepholes only <c>peephole_i</c> and <c>peephole_o</c> exist.</para>
/// <para><b>Cell clipping</b> (cuDNN's clip, cellClip &gt; 0): c_t = clamp(c_t, −clip, clip) right after the update
/// (before o's peephole and φ); the gradient is zero where the clamp is active.</para>
/// <para><b>Shapes</b> (L layers, D = 2 if bidirectional else 1, Hout = P or H): input (T, B, I) or (B, T, I) when
/// batch-first; h0 and h_n (L·D, B, Hout), c0 and c_n (L·D, B, H), never batch-first, indexed layer·D + direction;
/// output (T, B, D·Hout) or (B, T, D·Hout), the forward direction's features first. Parameters per layer k
/// (in_0 = I, in_k = D·Hout) and direction suffix "" or "_reverse", in PyTorch's order: <c>weight_ih_l{k}</c> (G·H, in_k),
/// <c>weight_hh_l{k}</c> (G·H, Hout), <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> (G·H), <c>weight_hr_l{k}</c> (P, H),
/// <c>peephole_i_l{k}</c>, <c>peephole_f_l{k}</c>, <c>peephole_o_l{k}</c> (H); G = 4 (3 coupled).</para>
/// <para><b>Variable lengths</b>: sequence b has lengths[b] valid steps (any order). The output is zero past each
/// length, h_n / c_n are each sequence's state after its last valid step, the reverse direction starts at
/// t = lengths[b] − 1, and padded inputs get exactly zero gradient — PyTorch's packed-sequence results.</para>
/// </remarks>
public sealed class Lstm : RecurrentLayerBase
{
    private readonly LstmDirectionParameters[][] _layers;
    private readonly LstmVariant _variant;

    /// <summary>Creates the layer; parameters are initialized from U(−1/√H, 1/√H) (PyTorch's rule) with <paramref name="seed"/>.</summary>
    /// <param name="inputSize">I, input features (≥ 1).</param>
    /// <param name="hiddenSize">H, hidden (cell) size (≥ 1).</param>
    /// <param name="numLayers">L, stacked layers (≥ 1).</param>
    /// <param name="bias">Whether the layers have bias_ih and bias_hh.</param>
    /// <param name="batchFirst">Input and output are (B, T, ·).</param>
    /// <param name="dropout">Inter-layer dropout in [0, 1), training mode only.</param>
    /// <param name="bidirectional">Add a reverse direction per layer.</param>
    /// <param name="projSize">P, the projection size (0 = none, else 1 … H − 1).</param>
    /// <param name="peepholes">Diagonal peephole connections.</param>
    /// <param name="coupledInputForget">Coupled input-forget gate (f = 1 − i; 3 gate blocks i, g, o).</param>
    /// <param name="seed">Initialization and dropout seed.</param>
    /// <param name="cellClip">Clamp the cell state to [−cellClip, cellClip] (0 = no clipping; must be ≥ 0).</param>
    /// <param name="gateActivation">The gate activation σ (sigmoid or hard sigmoid).</param>
    /// <param name="stateActivation">The state activation φ (tanh or softsign).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, the dropout or the clip is out of range.</exception>
    public Lstm(
        int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, float dropout = 0,
        bool bidirectional = false, int projSize = 0, bool peepholes = false, bool coupledInputForget = false,
        ulong seed = DefaultSeed, float cellClip = 0, GateActivation gateActivation = GateActivation.Sigmoid,
        StateActivation stateActivation = StateActivation.Tanh)
        : base("Lstm", inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize, hasCellState: true, seed)
    {
        if (!(cellClip >= 0f) || float.IsPositiveInfinity(cellClip))
        {
            throw new ArgumentOutOfRangeException(nameof(cellClip), cellClip, $"Lstm: cellClip must be a finite value ≥ 0 (0 = no clipping); got {cellClip}.");
        }

        if (!Enum.IsDefined(gateActivation))
        {
            throw new ArgumentOutOfRangeException(nameof(gateActivation), gateActivation, "Lstm: unknown gate activation.");
        }

        if (!Enum.IsDefined(stateActivation))
        {
            throw new ArgumentOutOfRangeException(nameof(stateActivation), stateActivation, "Lstm: unknown state activation.");
        }

        Peepholes = peepholes;
        CoupledInputForget = coupledInputForget;
        CellClip = cellClip;
        GateActivation = gateActivation;
        StateActivation = stateActivation;
        _variant = new LstmVariant(hiddenSize, projSize, coupledInputForget, peepholes, cellClip,
            gateActivation == GateActivation.HardSigmoid, stateActivation == StateActivation.Softsign);
        int gates = _variant.GateCount;
        _layers = new LstmDirectionParameters[numLayers][];
        for (int k = 0; k < numLayers; k++)
        {
            _layers[k] = new LstmDirectionParameters[NumDirections];
            for (int d = 0; d < NumDirections; d++)
            {
                RecurrentWeights w = RegisterStandardWeights(k, d, gates);
                Tensor? whr = projSize > 0 ? RegisterInitParameter(ParameterName("weight_hr", k, d), projSize, hiddenSize) : null;
                Tensor? pi = null;
                Tensor? pf = null;
                Tensor? po = null;
                if (peepholes)
                {
                    pi = RegisterInitParameter(ParameterName("peephole_i", k, d), hiddenSize);
                    pf = coupledInputForget ? null : RegisterInitParameter(ParameterName("peephole_f", k, d), hiddenSize);
                    po = RegisterInitParameter(ParameterName("peephole_o", k, d), hiddenSize);
                }

                _layers[k][d] = new LstmDirectionParameters(w.WeightIh, w.WeightHh, w.BiasIh, w.BiasHh, whr, pi, pf, po);
            }
        }
    }

    /// <summary>Whether the layer has diagonal peepholes.</summary>
    public bool Peepholes { get; }

    /// <summary>Whether the input and forget gates are coupled (f = 1 − i).</summary>
    public bool CoupledInputForget { get; }

    /// <summary>The cell-state clip (0 = none).</summary>
    public float CellClip { get; }

    /// <summary>The gate activation σ.</summary>
    public GateActivation GateActivation { get; }

    /// <summary>The state activation φ.</summary>
    public StateActivation StateActivation { get; }

    /// <summary>Runs the layer over a sequence.</summary>
    /// <param name="input">(T, B, I), or (B, T, I) when batch-first.</param>
    /// <param name="h0">Initial hidden states (L·D, B, Hout); null means zeros.</param>
    /// <param name="c0">Initial cell states (L·D, B, H); null means zeros.</param>
    /// <param name="lengths">Each sequence's length (B values in 1 … T, any order); null means all T.</param>
    /// <returns>Output (T, B, D·Hout) or (B, T, D·Hout); HiddenState h_n (L·D, B, Hout); CellState c_n (L·D, B, H).</returns>
    /// <exception cref="ArgumentException">A shape or a length does not fit (the message names the module and the shapes).</exception>
    public RnnOutput Forward(Tensor input, Tensor? h0 = null, Tensor? c0 = null, int[]? lengths = null) =>
        ForwardSequence(input, h0, c0, lengths);

    /// <summary>
    /// Variational recurrent dropout (Keras's <c>recurrent_dropout</c>, Gal and Ghahramani 2016; PyTorch has none): in
    /// training mode each call draws, per layer and direction, one mask m (B, Hout) of zeros (probability p) and
    /// 1/(1 − p), and every step uses h_{t−1}⊙m in the recurrent product — i_t = σ(W_ii x_t + W_hi (h_{t−1}⊙m) + b), and
    /// likewise for f, g, o — inside the fused kernels; h_t, the outputs, c_t and the peepholes are not masked. In eval
    /// mode (and at p = 0, the default) nothing changes. Masks come from the counter-based stream of the layer's seed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
    public float RecurrentDropout
    {
        get => _recurrentDropout;
        set => _recurrentDropout = CheckRecurrentDropout(value);
    }

    private float _recurrentDropout;

    /// <summary>Type "Lstm" with every constructor argument (camelCase), recurrentDropout and outputMode.</summary>
    public override LayerConfig GetConfig() => new("Lstm", new JsonObject
    {
        ["inputSize"] = InputSize,
        ["hiddenSize"] = HiddenSize,
        ["numLayers"] = NumLayers,
        ["bias"] = HasBias,
        ["batchFirst"] = BatchFirst,
        ["dropout"] = Dropout,
        ["bidirectional"] = Bidirectional,
        ["projSize"] = ProjSize,
        ["peepholes"] = Peepholes,
        ["coupledInputForget"] = CoupledInputForget,
        ["seed"] = Seed,
        ["cellClip"] = CellClip,
        ["gateActivation"] = GateActivation.ToString(),
        ["stateActivation"] = StateActivation.ToString(),
        ["recurrentDropout"] = RecurrentDropout,
        ["outputMode"] = OutputMode.ToString(),
    });

    /// <summary>The registry factory: rebuilds the layer from <see cref="GetConfig"/>'s output.</summary>
    internal static Lstm FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "inputSize"),
        LayerArguments.Int(config, "hiddenSize"),
        LayerArguments.Int(config, "numLayers", 1),
        LayerArguments.Bool(config, "bias", true),
        LayerArguments.Bool(config, "batchFirst", false),
        LayerArguments.Float(config, "dropout", 0f),
        LayerArguments.Bool(config, "bidirectional", false),
        LayerArguments.Int(config, "projSize", 0),
        LayerArguments.Bool(config, "peepholes", false),
        LayerArguments.Bool(config, "coupledInputForget", false),
        LayerArguments.ULong(config, "seed", DefaultSeed),
        LayerArguments.Float(config, "cellClip", 0f),
        LayerArguments.Enum(config, "gateActivation", GateActivation.Sigmoid),
        LayerArguments.Enum(config, "stateActivation", StateActivation.Tanh))
    {
        RecurrentDropout = LayerArguments.Float(config, "recurrentDropout", 0f),
        OutputMode = LayerArguments.Enum(config, "outputMode", OutputMode.Sequence),
    };

    /// <inheritdoc/>
    /// <remarks>
    /// Under no-grad, full-length sequences through unidirectional layers without recurrent dropout run as a pipeline
    /// over two cores (<see cref="LstmLayerOp.ForwardStacked"/>).
    /// </remarks>
    private protected override RnnOutput[]? RunLayersTogether(Tensor x, Tensor? h0, Tensor? c0, int[]? lengths)
    {
        int layers = _layers.Length;
        if (GradMode.IsEnabled || lengths is not null || (_recurrentDropout > 0f && IsTraining)
            || !LstmLayerOp.CanPipeline(layers, NumDirections, x.Dims[1], _variant))
        {
            return null;
        }

        var h0s = new Tensor?[layers];
        var c0s = new Tensor?[layers];
        for (int k = 0; k < layers; k++)
        {
            h0s[k] = h0?.Slice(0, k, 1);
            c0s[k] = c0?.Slice(0, k, 1);
        }

        return LstmLayerOp.ForwardStacked(x, _layers, h0s, c0s, _variant);
    }

    /// <inheritdoc/>
    private protected override RnnOutput RunLayer(int layer, Tensor x, Tensor? h0, Tensor? c0, int[]? lengths) =>
        LstmLayerOp.Forward(x, _layers[layer], h0, c0, lengths, _variant, RecurrentDropoutMasks(_recurrentDropout, layer, x.Dims[1], OutputSize));
}
