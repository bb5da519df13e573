using System.Text.Json.Nodes;
using Recur.Layers;

namespace Recur.Modules;

/// <summary>
/// A multi-layer simple (Elman) recurrent layer (PyTorch's <c>nn.RNN</c>). For each layer and direction, at every
/// step t (the reverse direction runs t = T−1 … 0):
/// <code>
/// h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)      f = tanh (default) or relu
/// </code>
/// Parameters (PyTorch names and layout): <c>weight_ih_l{k}</c> (H, in_k) with in_0 = I and in_k = D·H above,
/// <c>weight_hh_l{k}</c> (H, H), and with bias <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> (H); suffix
/// <c>_reverse</c> for the reverse direction. Each layer runs as one fused autograd node covering both directions.
/// </summary>
public sealed class Rnn : RecurrentLayerBase
{
    private readonly RecurrentWeights[] _weights;

    /// <summary>Creates the layer; weights are initialised like PyTorch, U(−1/√H, 1/√H), from <paramref name="seed"/>.</summary>
    /// <param name="inputSize">I, the input features (≥ 1).</param>
    /// <param name="hiddenSize">H, the hidden size (≥ 1).</param>
    /// <param name="numLayers">L, stacked layers (≥ 1).</param>
    /// <param name="nonlinearity">f: <see cref="Nonlinearity.Tanh"/> (default) or <see cref="Nonlinearity.Relu"/>.</param>
    /// <param name="bias">Whether the layers have bias_ih and bias_hh (default true).</param>
    /// <param name="batchFirst">Input and output are (B, T, ·) instead of (T, B, ·).</param>
    /// <param name="dropout">Dropout probability in [0, 1) on the outputs of every layer but the last (training mode only).</param>
    /// <param name="bidirectional">Adds a reverse direction to every layer (D = 2).</param>
    /// <param name="seed">Initialisation and dropout seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, dropout is outside [0, 1) or the nonlinearity is unknown.</exception>
    public Rnn(
        int inputSize, int hiddenSize, int numLayers = 1, Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bias = true,
        bool batchFirst = false, float dropout = 0, bool bidirectional = false, ulong seed = DefaultSeed)
        : base("Rnn", inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, false, seed)
    {
        if (nonlinearity is not (Nonlinearity.Tanh or Nonlinearity.Relu))
        {
            throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, $"Rnn: nonlinearity must be Tanh or Relu; got {nonlinearity}.");
        }

        Nonlinearity = nonlinearity;
        _weights = new RecurrentWeights[numLayers * NumDirections];
        for (int layer = 0; layer < numLayers; layer++)
        {
            for (int d = 0; d < NumDirections; d++)
            {
                _weights[(layer * NumDirections) + d] = RegisterStandardWeights(layer, d, 1);
            }
        }
    }

    /// <summary>The activation f.</summary>
    public Nonlinearity Nonlinearity { get; }

    /// <inheritdoc/>
    public override string DisplayName => Nonlinearity == Nonlinearity.Tanh ? base.DisplayName : base.DisplayName[..^1] + ", Relu)";

    /// <summary>Runs every layer over the whole sequence.</summary>
    /// <param name="input">(T, B, I), or (B, T, I) when batch-first.</param>
    /// <param name="h0">Initial states (L·D, B, H), indexed layer·D + direction; null means zeros.</param>
    /// <param name="lengths">
    /// Per-sequence lengths (B values in 1 … T, any order), or null when every sequence has T steps. Outputs are zero
    /// past each length, h_n is each sequence's state at its own last step, the reverse direction starts at step
    /// lengths[b] − 1, and padded inputs get exactly zero gradient.
    /// </param>
    /// <returns>Output (T, B, D·H) — (B, T, D·H) when batch-first —, HiddenState h_n (L·D, B, H), CellState null.</returns>
    /// <exception cref="ArgumentException">A shape or a length does not fit; the message names the module and the shapes.</exception>
    public RnnOutput Forward(Tensor input, Tensor? h0 = null, int[]? lengths = null) => ForwardSequence(input, h0, null, lengths);

    /// <summary>Type "Rnn" with every constructor argument (camelCase) and outputMode.</summary>
    public override LayerConfig GetConfig() => new("Rnn", new JsonObject
    {
        ["inputSize"] = InputSize,
        ["hiddenSize"] = HiddenSize,
        ["numLayers"] = NumLayers,
        ["nonlinearity"] = Nonlinearity.ToString(),
        ["bias"] = HasBias,
        ["batchFirst"] = BatchFirst,
        ["dropout"] = Dropout,
        ["bidirectional"] = Bidirectional,
        ["seed"] = Seed,
        ["outputMode"] = OutputMode.ToString(),
    });

    /// <summary>The registry factory: rebuilds the layer from <see cref="GetConfig"/>'s output.</summary>
    internal static Rnn FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "inputSize"),
        LayerArguments.Int(config, "hiddenSize"),
        LayerArguments.Int(config, "numLayers", 1),
        LayerArguments.Enum(config, "nonlinearity", Nonlinearity.Tanh),
        LayerArguments.Bool(config, "bias", true),
        LayerArguments.Bool(config, "batchFirst", false),
        LayerArguments.Float(config, "dropout", 0f),
        LayerArguments.Bool(config, "bidirectional", false),
        LayerArguments.ULong(config, "seed", DefaultSeed))
    {
        OutputMode = LayerArguments.Enum(config, "outputMode", OutputMode.Sequence),
    };

    /// <inheritdoc/>
    private protected override RnnOutput RunLayer(int layer, Tensor x, Tensor? h0, Tensor? c0, int[]? lengths)
    {
        int d = NumDirections;
        Tensor state = h0 ?? ZeroState(x.Dims[1]);
        RnnLayerResult r = RnnLayerOp.Forward(
            x, state, RnnLayerSupport.LayerWeights(_weights, layer, d, HasBias), HasBias, d, lengths ?? [], Nonlinearity == Nonlinearity.Relu, cell: false);
        return new RnnOutput(r.Output, r.FinalState!, null);
    }
}
