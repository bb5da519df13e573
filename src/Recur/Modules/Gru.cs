using System.Text.Json.Nodes;
using Recur.Layers;

namespace Recur.Modules;

/// <summary>
/// A multi-layer gated recurrent unit (PyTorch's <c>nn.GRU</c>), gate order r, z, n. For each layer and direction,
/// at every step t (the reverse direction runs t = T−1 … 0):
/// <code>
/// r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)
/// z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)
/// n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t−1} + b_hn))     reset-after (default; PyTorch, cuDNN, Keras reset_after=True)
/// n_t = tanh(W_in x_t + b_in + W_hn (r_t ⊙ h_{t−1}) + b_hn)     reset-before (resetAfter: false; Cho et al. 2014,
///                                                                 Keras reset_after=False, MATLAB before-multiplication)
/// h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
/// </code>
/// Parameters (PyTorch names and layout, so a PyTorch state dict loads unchanged): <c>weight_ih_l{k}</c> (3H, in_k)
/// with in_0 = I and in_k = D·H above, <c>weight_hh_l{k}</c> (3H, H), and with bias <c>bias_ih_l{k}</c>,
/// <c>bias_hh_l{k}</c> (3H); suffix <c>_reverse</c> for the reverse direction; row block j is gate j of (r, z, n).
/// Each layer runs as one fused autograd node covering both directions (see the engine notes).
/// </summary>
public sealed class Gru : RecurrentLayerBase
{
    private readonly RecurrentWeights[] _weights;

    /// <summary>Creates the layer; weights are initialised like PyTorch, U(−1/√H, 1/√H), from <paramref name="seed"/>.</summary>
    /// <param name="inputSize">I, the input features (≥ 1).</param>
    /// <param name="hiddenSize">H, the hidden size (≥ 1).</param>
    /// <param name="numLayers">L, stacked layers (≥ 1).</param>
    /// <param name="bias">Whether the layers have bias_ih and bias_hh (default true).</param>
    /// <param name="batchFirst">Input and output are (B, T, ·) instead of (T, B, ·).</param>
    /// <param name="dropout">Dropout probability in [0, 1) on the outputs of every layer but the last (training mode only).</param>
    /// <param name="bidirectional">Adds a reverse direction to every layer (D = 2).</param>
    /// <param name="resetAfter">True (default): the reset gate multiplies W_hn h + b_hn; false: it multiplies h before the product.</param>
    /// <param name="seed">Initialisation and dropout seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or dropout is outside [0, 1).</exception>
    public Gru(
        int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, float dropout = 0,
        bool bidirectional = false, bool resetAfter = true, ulong seed = DefaultSeed)
        : base("Gru", inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, false, seed)
    {
        ResetAfter = resetAfter;
        _weights = new RecurrentWeights[numLayers * NumDirections];
        for (int layer = 0; layer < numLayers; layer++)
        {
            for (int d = 0; d < NumDirections; d++)
            {
                _weights[(layer * NumDirections) + d] = RegisterStandardWeights(layer, d, 3);
            }
        }
    }

    /// <summary>Whether the reset gate is applied after the recurrent product (PyTorch) or before it.</summary>
    public bool ResetAfter { get; }

    /// <inheritdoc/>
    public override string DisplayName => ResetAfter ? base.DisplayName : base.DisplayName[..^1] + ", resetAfter: false)";

    /// <summary>Runs every layer over the whole sequence.</summary>
    /// <param name="input">(T, B, I), or (B, T, I) when batch-first.</param>
    /// <param name="h0">Initial states (L·D, B, H), indexed layer·D + direction; null means zeros.</param>
    /// <param name="lengths">
    /// Per-sequence lengths (B values in 1 … T, any order) for a padded variable-length batch, or null when every
    /// sequence has T steps. Outputs are zero past each length, h_n is each sequence's state at its own last step,
    /// the reverse direction starts at step lengths[b] − 1, and padded inputs get exactly zero gradient.
    /// </param>
    /// <returns>Output (T, B, D·H) — (B, T, D·H) when batch-first —, HiddenState h_n (L·D, B, H), CellState null.</returns>
    /// <exception cref="ArgumentException">A shape or a length does not fit; the message names the module and the shapes.</exception>
    public RnnOutput Forward(Tensor input, Tensor? h0 = null, int[]? lengths = null) => ForwardSequence(input, h0, null, lengths);

    /// <summary>
    /// Variational recurrent dropout (Keras's <c>recurrent_dropout</c>; PyTorch has none): in training mode each call
    /// draws, per layer and direction, one mask m (B, H) of zeros (probability p) and 1/(1 − p), and every step uses
    /// h_{t−1}⊙m wherever h_{t−1} enters a recurrent product — W_hr, W_hz and W_hn·(h_{t−1}⊙m) with reset-after,
    /// W_hn·(r⊙h_{t−1}⊙m) with reset-before — inside the fused kernels, while h_t = (1 − z)⊙n + z⊙h_{t−1} uses the
    /// unmasked state. In eval mode (and at p = 0, the default) nothing changes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
    public float RecurrentDropout
    {
        get => _recurrentDropout;
        set => _recurrentDropout = CheckRecurrentDropout(value);
    }

    private float _recurrentDropout;

    /// <summary>Type "Gru" with every constructor argument (camelCase) and outputMode.</summary>
    public override LayerConfig GetConfig() => new("Gru", new JsonObject
    {
        ["inputSize"] = InputSize,
        ["hiddenSize"] = HiddenSize,
        ["numLayers"] = NumLayers,
        ["bias"] = HasBias,
        ["batchFirst"] = BatchFirst,
        ["dropout"] = Dropout,
        ["bidirectional"] = Bidirectional,
        ["resetAfter"] = ResetAfter,
        ["seed"] = Seed,
        ["outputMode"] = OutputMode.ToString(),
        ["recurrentDropout"] = RecurrentDropout,
    });

    /// <summary>The registry factory: rebuilds the layer from <see cref="GetConfig"/>'s output.</summary>
    internal static Gru FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "inputSize"),
        LayerArguments.Int(config, "hiddenSize"),
        LayerArguments.Int(config, "numLayers", 1),
        LayerArguments.Bool(config, "bias", true),
        LayerArguments.Bool(config, "batchFirst", false),
        LayerArguments.Float(config, "dropout", 0f),
        LayerArguments.Bool(config, "bidirectional", false),
        LayerArguments.Bool(config, "resetAfter", true),
        LayerArguments.ULong(config, "seed", DefaultSeed))
    {
        OutputMode = LayerArguments.Enum(config, "outputMode", OutputMode.Sequence),
        RecurrentDropout = LayerArguments.Float(config, "recurrentDropout", 0f),
    };

    /// <inheritdoc/>
    private protected override RnnOutput RunLayer(int layer, Tensor x, Tensor? h0, Tensor? c0, int[]? lengths)
    {
        int d = NumDirections;
        Tensor state = h0 ?? ZeroState(x.Dims[1]);
        RnnLayerResult r = GruLayerOp.Forward(
            x, state, RnnLayerSupport.LayerWeights(_weights, layer, d, HasBias), HasBias, d, lengths ?? [], ResetAfter, cell: false,
            RecurrentDropoutMasks(_recurrentDropout, layer, x.Dims[1], HiddenSize));
        return new RnnOutput(r.Output, r.FinalState!, null);
    }
}
