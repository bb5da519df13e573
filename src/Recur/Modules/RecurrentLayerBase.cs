using System.Globalization;
using System.Text;
using Recur.Autograd.Ops;
using Recur.Layers;

namespace Recur.Modules;

/// <summary>
/// The shared driver of the multi-layer recurrent sequence layers (LSTM, GRU, simple RNN). It owns
/// everything that does not depend on the cell equations, so that each layer type only implements one layer (both
/// directions) in <see cref="RunLayer"/>:
/// <list type="bullet">
/// <item>argument validation: the input (T, B, I) — (B, T, I) when batch-first —, h0 (L·D, B, Hout),
/// c0 (L·D, B, H) and lengths (B values in 1 … T, any order); every error names the module, the expected and the actual
/// shape;</item>
/// <item>batch-first: the input is transposed to (T, B, I) before the first layer and the output back after the last
/// (h_n and c_n are never batch-first, as in PyTorch);</item>
/// <item>stacking: layer k &gt; 0 takes the whole output sequence (T, B, D·Hout) of layer k − 1; in training mode with
/// dropout p &gt; 0, inter-layer dropout (not after the last layer) with a fresh seeded mask per call;</item>
/// <item>initial states: h0 and c0 are sliced per layer into (D, B, Hout) / (D, B, H) (null means zeros);
/// the per-layer final states are concatenated into h_n (L·D, B, Hout) and c_n (L·D, B, H);</item>
/// <item>lengths: validated and copied; when every length equals T they are dropped (the same result, faster);</item>
/// <item>parameters: PyTorch names (<see cref="ParameterName"/>: <c>weight_ih_l{k}</c>, suffix <c>_reverse</c> for the
/// reverse direction) registered in PyTorch's <c>named_parameters()</c> order by the derived constructor, initialized
/// like PyTorch from U(−1/√H, 1/√H) with a deterministic counter-based stream of <see cref="Seed"/>.</item>
/// </list>
/// Derived classes are in this assembly only (the constructor is private protected).
/// <para>Inside models (as a <see cref="Layer"/>), <see cref="Forward(SequenceBatch)"/> takes batch-first (B, T, I)
/// batches whatever <see cref="BatchFirst"/> says and returns the whole sequence or the last state
/// (<see cref="OutputMode"/>); with <see cref="Stateful"/> each call continues from the state the previous one left.</para>
/// </summary>
public abstract class RecurrentLayerBase : Layer, IStatefulLayer, IStochasticLayer
{
    /// <summary>The default initialization (and dropout) seed.</summary>
    public const ulong DefaultSeed = 0x5EED_0002UL;

    private const ulong DropoutSalt = 0xD0D0_7E57_0000_0001UL;

    private const ulong RecurrentDropoutSalt = 0xD0D0_7E57_0000_0002UL;

    private ulong _currentCall;

    private ulong _initOffset;
    private ulong _dropoutCalls;
    private List<Tensor>? _intermediates;
    private ulong? _dropoutSeed;
    private bool _stateful;
    private Tensor? _stateH;
    private Tensor? _stateC;
    private Tensor? _zeroState;

    /// <summary>Validates the common constructor arguments and stores them; the derived constructor registers the parameters.</summary>
    /// <param name="kind">The module's type name used in messages, e.g. "Lstm".</param>
    /// <param name="inputSize">I, the input features (≥ 1).</param>
    /// <param name="hiddenSize">H, the hidden (cell) size (≥ 1).</param>
    /// <param name="numLayers">L, stacked layers (≥ 1).</param>
    /// <param name="bias">Whether the layers have bias_ih / bias_hh.</param>
    /// <param name="batchFirst">Input and output are (B, T, ·) instead of (T, B, ·).</param>
    /// <param name="dropout">Inter-layer dropout probability in [0, 1) (training mode only).</param>
    /// <param name="bidirectional">Two directions (D = 2).</param>
    /// <param name="projSize">P, the projection size (0 = none; LSTM only; 0 ≤ P &lt; H).</param>
    /// <param name="hasCellState">True for LSTMs (c0 / c_n exist).</param>
    /// <param name="seed">Initialization and dropout seed.</param>
    private protected RecurrentLayerBase(
        string kind, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst, float dropout,
        bool bidirectional, int projSize, bool hasCellState, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(kind);
        Kind = kind;
        if (inputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"{kind}: inputSize must be ≥ 1; got {inputSize}.");
        }

        if (hiddenSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, $"{kind}: hiddenSize must be ≥ 1; got {hiddenSize}.");
        }

        if (numLayers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, $"{kind}: numLayers must be ≥ 1; got {numLayers}.");
        }

        if (!(dropout >= 0f && dropout < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{kind}: dropout must be in [0, 1); got {dropout}.");
        }

        if (projSize < 0 || projSize >= hiddenSize)
        {
            throw new ArgumentOutOfRangeException(nameof(projSize), projSize,
                $"{kind}: projSize must be 0 (no projection) or in [1, hiddenSize = {hiddenSize}); got {projSize}.");
        }

        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        HasBias = bias;
        BatchFirst = batchFirst;
        Dropout = dropout;
        Bidirectional = bidirectional;
        ProjSize = projSize;
        HasCellState = hasCellState;
        Seed = seed;
    }

    /// <summary>I: the input features of the first layer.</summary>
    public int InputSize { get; }

    /// <summary>H: the hidden size (the cell-state size of an LSTM).</summary>
    public int HiddenSize { get; }

    /// <summary>L: the number of stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have the biases bias_ih and bias_hh.</summary>
    public bool HasBias { get; }

    /// <summary>Whether input and output are (B, T, ·) instead of (T, B, ·). h0, c0, h_n and c_n are never batch-first.</summary>
    public bool BatchFirst { get; }

    /// <summary>The inter-layer dropout probability (applied in training mode after every layer but the last).</summary>
    public float Dropout { get; }

    /// <summary>Whether each layer has a reverse direction.</summary>
    public bool Bidirectional { get; }

    /// <summary>P: the projection size (0 = no projection).</summary>
    public int ProjSize { get; }

    /// <summary>D: 2 when bidirectional, otherwise 1.</summary>
    public int NumDirections => Bidirectional ? 2 : 1;

    /// <summary>Hout: the width of the hidden state, P when projected, otherwise H.</summary>
    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>Whether the layer has a cell state (c0, c_n): true for LSTMs.</summary>
    public bool HasCellState { get; }

    /// <summary>The initialization and dropout seed.</summary>
    public ulong Seed { get; }

    /// <summary>The type name used in messages, e.g. "Lstm".</summary>
    private protected string Kind { get; }

    /// <summary>
    /// What <see cref="Forward(SequenceBatch)"/> returns: the whole sequence (B, T, D·Hout) (default) or the last
    /// state (B, D·Hout) of each sequence (MATLAB's OutputMode, Keras's return_sequences).
    /// </summary>
    public OutputMode OutputMode { get; set; } = OutputMode.Sequence;

    /// <summary>
    /// When true, each call — <see cref="Forward(SequenceBatch)"/> or a tensor overload <c>Forward(input, …)</c> given
    /// no initial states — starts from the final states h (and c for an LSTM) that the previous call left (detached
    /// from its graph; zeros after <see cref="ResetState"/>), and every call keeps its own final states; the batch size
    /// must stay the same until <see cref="ResetState"/>. A call given explicit h0 (or c0) starts from those. Setting
    /// the property (either way) forgets the carried state.
    /// </summary>
    public bool Stateful
    {
        get => _stateful;
        set
        {
            _stateful = value;
            ResetState();
        }
    }

    /// <summary>The carried h (L·D, B, Hout) of a stateful layer, or null before the first call and after <see cref="ResetState"/>.</summary>
    public Tensor? CarriedHiddenState => _stateH;

    /// <summary>The carried c (L·D, B, H) of a stateful LSTM, or null.</summary>
    public Tensor? CarriedCellState => _stateC;

    /// <summary>Forgets the carried state: the next stateful call starts from zeros.</summary>
    public void ResetState()
    {
        _stateH = null;
        _stateC = null;
    }

    /// <summary>
    /// Runs the layer inside a model on a batch-first sequence batch (whatever <see cref="BatchFirst"/> says).
    /// </summary>
    /// <param name="input">Data (B, T, I) with optional lengths (B values in 1 … T).</param>
    /// <returns>
    /// <see cref="OutputMode.Sequence"/>: (B, T, D·Hout), zero at padded steps, the lengths carried;
    /// <see cref="OutputMode.Last"/>: (B, D·Hout), the last layer's h_n of each direction concatenated (the forward
    /// direction's state after each sequence's last valid step, then the reverse direction's after t = 0), no lengths.
    /// </returns>
    /// <exception cref="ArgumentException">The data is not (B, T, I), a length is out of range, or a stateful layer got another batch size.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor data = input.Data;
        if (data.Rank != 3 || data.Dims[2] != InputSize || data.Dims[0] < 1 || data.Dims[1] < 1)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a batch-first sequence batch (B, T, {InputSize}) with B ≥ 1 and T ≥ 1, got {Tensor.FormatShape(data.Dims)}.",
                nameof(input));
        }

        int batch = data.Dims[0];
        RnnOutput r = ForwardSequence(BatchFirst ? data : data.Transpose(0, 1), null, null, input.Lengths);

        // What the model does not get back (the final states, and the output when a copy is returned) is released
        // like the stacked layers' intermediates (see Intermediate): a training loop reuses its storage.
        Intermediate(r.CellState);
        if (OutputMode == OutputMode.Sequence)
        {
            Intermediate(r.HiddenState);
            if (BatchFirst)
            {
                return new SequenceBatch(r.Output, input.Lengths);
            }

            Tensor transposed = r.Output.Transpose(0, 1);
            Intermediate(r.Output);
            return new SequenceBatch(transposed, input.Lengths);
        }

        int d = NumDirections;
        Tensor last = NumLayers == 1 ? r.HiddenState : r.HiddenState.Slice(0, (NumLayers - 1) * d, d);
        Tensor vectors = d == 1 ? last.Reshape(batch, OutputSize) : last.Transpose(0, 1).Reshape(batch, d * OutputSize);
        Intermediate(r.Output);
        Intermediate(r.HiddenState); // Slice, Transpose and Reshape copy
        return new SequenceBatch(vectors);
    }

    /// <summary>[T, I] → [T, D·Hout] (sequence mode) or [D·Hout] (last mode); T may be −1 (variable).</summary>
    /// <exception cref="ArgumentException">The input shape is not [T, I].</exception>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 2 || inputShape[1] != InputSize || inputShape[0] is 0 or < -1)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a per-sample input shape [T, {InputSize}] (T ≥ 1 or −1), got [{string.Join(", ", inputShape)}].",
                nameof(inputShape));
        }

        int width = NumDirections * OutputSize;
        return OutputMode == OutputMode.Sequence ? [inputShape[0], width] : [width];
    }

    /// <inheritdoc/>
    public override string DisplayName
    {
        get
        {
            var sb = new StringBuilder(Kind).Append('(').Append(InputSize.ToString(CultureInfo.InvariantCulture))
                .Append(", ").Append(HiddenSize.ToString(CultureInfo.InvariantCulture));
            if (NumLayers != 1)
            {
                sb.Append(", numLayers: ").Append(NumLayers.ToString(CultureInfo.InvariantCulture));
            }

            if (ProjSize > 0)
            {
                sb.Append(", projSize: ").Append(ProjSize.ToString(CultureInfo.InvariantCulture));
            }

            if (Bidirectional)
            {
                sb.Append(", bidirectional");
            }

            if (BatchFirst)
            {
                sb.Append(", batchFirst");
            }

            return sb.Append(')').ToString();
        }
    }

    /// <summary>The input width of layer <paramref name="layer"/>: I for layer 0, D·Hout above.</summary>
    public int LayerInputSize(int layer) => layer == 0 ? InputSize : NumDirections * OutputSize;

    /// <summary>PyTorch's parameter name: <c>{stem}_l{layer}</c>, plus <c>_reverse</c> for direction 1.</summary>
    /// <param name="stem">e.g. "weight_ih", "bias_hh", "weight_hr", "peephole_i".</param>
    /// <param name="layer">The layer index k.</param>
    /// <param name="direction">0 = forward, 1 = reverse.</param>
    public static string ParameterName(string stem, int layer, int direction) =>
        string.Create(CultureInfo.InvariantCulture, $"{stem}_l{layer}{(direction == 1 ? "_reverse" : string.Empty)}");

    /// <summary>
    /// Registers a parameter of <paramref name="shape"/> under <paramref name="name"/>, initialized from
    /// U(−1/√H, 1/√H) (PyTorch's RNN initialization) with the next values of the counter-based stream of
    /// <see cref="Seed"/> (so the same seed and the same registration order give the same weights).
    /// </summary>
    private protected Tensor RegisterInitParameter(string name, params int[] shape)
    {
        int n = Tensor.CheckShape(shape, Kind);
        var data = new float[n];
        float bound = 1f / MathF.Sqrt(HiddenSize);
        CounterRandom.FillUniform(data, Seed, _initOffset, -bound, bound);
        _initOffset += (ulong)n;
        return RegisterParameter(name, Tensor.Wrap(data, (int[])shape.Clone()));
    }

    /// <summary>
    /// Registers, in PyTorch's order, <c>weight_ih_l{k}{s}</c> (G·H, in_k), <c>weight_hh_l{k}{s}</c> (G·H, Hout) and,
    /// with biases, <c>bias_ih_l{k}{s}</c> and <c>bias_hh_l{k}{s}</c> (G·H). Extra parameters of the layer and
    /// direction (weight_hr, peepholes) are registered by the caller right after.
    /// </summary>
    /// <param name="layer">The layer index k.</param>
    /// <param name="direction">0 = forward, 1 = reverse.</param>
    /// <param name="gateCount">G: 4 for LSTM, 3 for GRU and coupled LSTM, 1 for RNN.</param>
    private protected RecurrentWeights RegisterStandardWeights(int layer, int direction, int gateCount)
    {
        int rows = gateCount * HiddenSize;
        Tensor wih = RegisterInitParameter(ParameterName("weight_ih", layer, direction), rows, LayerInputSize(layer));
        Tensor whh = RegisterInitParameter(ParameterName("weight_hh", layer, direction), rows, OutputSize);
        Tensor? bih = null;
        Tensor? bhh = null;
        if (HasBias)
        {
            bih = RegisterInitParameter(ParameterName("bias_ih", layer, direction), rows);
            bhh = RegisterInitParameter(ParameterName("bias_hh", layer, direction), rows);
        }

        return new RecurrentWeights(wih, whh, bih, bhh);
    }

    /// <summary>
    /// Runs one layer, both directions, over a whole sequence, as (ideally) one recorded autograd node.
    /// Arguments are already validated and in time-major layout.
    /// </summary>
    /// <param name="layer">The layer index k.</param>
    /// <param name="x">The layer input (T, B, in_k).</param>
    /// <param name="h0">The initial hidden states (D, B, Hout), direction-major; null means zeros.</param>
    /// <param name="c0">The initial cell states (D, B, H) (LSTM only); null means zeros.</param>
    /// <param name="lengths">Per-sequence lengths (B values in 1 … T, some below T), or null when every sequence has T steps.</param>
    /// <returns>Output (T, B, D·Hout) (zero at padded steps), HiddenState (D, B, Hout), CellState (D, B, H) or null.</returns>
    private protected abstract RnnOutput RunLayer(int layer, Tensor x, Tensor? h0, Tensor? c0, int[]? lengths);

    /// <summary>
    /// Runs every layer of a multi-layer pass without inter-layer dropout at once (layer k's results as
    /// <see cref="RunLayer"/> would give them), or returns null to have them run one by one. The base runs none.
    /// </summary>
    /// <param name="x">The first layer's input (T, B, I).</param>
    /// <param name="h0">(L·D, B, Hout) or null (zeros).</param>
    /// <param name="c0">(L·D, B, H) or null (zeros).</param>
    /// <param name="lengths">Per-sequence lengths, or null when every sequence has T steps.</param>
    private protected virtual RnnOutput[]? RunLayersTogether(Tensor x, Tensor? h0, Tensor? c0, int[]? lengths) => null;

    /// <summary>
    /// The whole multi-layer forward pass: validates, handles batch-first, slices the initial states per layer,
    /// calls <see cref="RunLayer"/> per layer (with inter-layer dropout in training) and assembles h_n and c_n.
    /// </summary>
    /// <param name="input">(T, B, I), or (B, T, I) when batch-first.</param>
    /// <param name="h0">(L·D, B, Hout) or null (zeros).</param>
    /// <param name="c0">(L·D, B, H) or null (zeros); must be null for layers without a cell state.</param>
    /// <param name="lengths">B lengths in 1 … T (any order), or null (all T).</param>
    /// <exception cref="ArgumentException">A shape or length does not fit; the message names the module and both shapes.</exception>
    private protected RnnOutput ForwardSequence(Tensor input, Tensor? h0, Tensor? c0, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(input);
        int d = NumDirections;
        int layers = NumLayers;
        if (input.Rank != 3 || input.Dims[2] != InputSize || input.Dims[0] < 1 || input.Dims[1] < 1)
        {
            string expected = BatchFirst ? $"(B, T, {InputSize})" : $"(T, B, {InputSize})";
            throw new ArgumentException(
                $"{DisplayName}: expected input of shape {expected} with T ≥ 1 and B ≥ 1, got {Tensor.FormatShape(input.Dims)}.", nameof(input));
        }

        int t = BatchFirst ? input.Dims[1] : input.Dims[0];
        int b = BatchFirst ? input.Dims[0] : input.Dims[1];
        CheckState(h0, nameof(h0), layers * d, b, OutputSize);
        if (c0 is not null && !HasCellState)
        {
            throw new ArgumentException($"{DisplayName}: this layer has no cell state, so c0 must be null; got {Tensor.FormatShape(c0.Dims)}.", nameof(c0));
        }

        CheckState(c0, nameof(c0), layers * d, b, HiddenSize);
        int[]? lens = CheckLengths(lengths, t, b);
        if (_stateful && h0 is null && c0 is null && _stateH is not null)
        {
            if (_stateH.Dims[1] != b)
            {
                throw new ArgumentException(
                    $"{DisplayName}: a stateful layer keeps its batch size until ResetState(); the carried state is for B = {_stateH.Dims[1]}, got a batch of B = {b}.",
                    nameof(input));
            }

            h0 = _stateH;
            c0 = _stateC;
        }

        ReleaseIntermediates();
        Tensor x = BatchFirst ? input.Transpose(0, 1) : input;
        ulong call = _dropoutCalls++;
        _currentCall = call;
        if (layers == 1)
        {
            // One layer: its result is the module's (no per-layer arrays, no second RnnOutput).
            RnnOutput single = RunLayer(0, x, h0, c0, lens);
            return Finish(single.Output, single.HiddenState, single.CellState, single);
        }

        var hs = new Tensor[layers];
        var cs = new Tensor?[layers];
        Tensor? below = null;
        RnnOutput[]? stacked = layers >= 2 && !(Dropout > 0f && IsTraining) ? RunLayersTogether(x, h0, c0, lens) : null;
        for (int layer = 0; layer < layers; layer++)
        {
            if (layer > 0 && Dropout > 0f && IsTraining)
            {
                ulong seed = CounterRandom.Next((_dropoutSeed ?? Seed) ^ DropoutSalt, (call * (ulong)layers) + (ulong)layer);
                x = x.Dropout(Dropout, seed, training: true);
            }

            Tensor? h0l = h0 is null ? null : layers == 1 ? h0 : h0.Slice(0, layer * d, d);
            Tensor? c0l = c0 is null ? null : layers == 1 ? c0 : c0.Slice(0, layer * d, d);
            RnnOutput r = stacked is null ? RunLayer(layer, x, h0l, c0l, lens) : stacked[layer];
            if (below is not null)
            {
                Intermediate(below); // the output of the layer below, read by nothing outside this call
            }

            below = r.Output;
            x = r.Output;
            hs[layer] = r.HiddenState;
            cs[layer] = r.CellState;
        }

        // Stacked states: pooled like the layers' own outputs, so that disposing them hands the storage back.
        Tensor hn = ConcatOp.Forward(0, hs, pooled: true);
        Tensor? cn = HasCellState ? ConcatOp.Forward(0, cs!, pooled: true) : null;

        // Each layer's h_n and c_n were copied into the stacked states.
        for (int layer = 0; layer < layers; layer++)
        {
            Intermediate(hs[layer]);
            Intermediate(cs[layer]);
        }

        return Finish(x, hn, cn, null);
    }

    /// <summary>
    /// The end of a forward pass: keeps the final states of a stateful layer and restores the batch-first layout.
    /// <paramref name="result"/>: the last layer's own result when it already is the module's (one layer, time-major).
    /// </summary>
    private RnnOutput Finish(Tensor x, Tensor hn, Tensor? cn, RnnOutput? result)
    {
        if (_stateful)
        {
            _stateH = hn.Detach().Clone();
            _stateC = cn?.Detach().Clone();
        }

        if (!BatchFirst && result is not null)
        {
            return result;
        }

        Tensor output = x;
        if (BatchFirst)
        {
            output = x.Transpose(0, 1);
            Intermediate(x); // the transpose is a copy
        }

        return new RnnOutput(output, hn, cn);
    }

    /// <summary>
    /// A zero initial state (D, <paramref name="batch"/>, Hout) for layer ops that take one as an input: kept between
    /// calls of the same batch size (the ops only read it, and it needs no gradient), not allocated per call.
    /// </summary>
    private protected Tensor ZeroState(int batch)
    {
        if (_zeroState is null || _zeroState.Dims[1] != batch)
        {
            _zeroState = Tensor.Zeros(NumDirections, batch, OutputSize);
        }

        return _zeroState;
    }

    /// <summary>
    /// A tensor made by this call that nothing outside it reads (a lower layer's output, the per-layer final states
    /// copied into the stacked ones): disposed now when it was not recorded, so its pooled storage serves the next
    /// layer or call (no-grad inference); otherwise kept until the next call, which disposes it if a backward pass
    /// has run through it by then (a training loop) and leaves it to the collector if not.
    /// </summary>
    private void Intermediate(Tensor? t)
    {
        if (t is null)
        {
            return;
        }

        if (t.GradFn is null)
        {
            t.Dispose();
            return;
        }

        (_intermediates ??= []).Add(t);
    }

    /// <summary>Disposes the previous call's recorded intermediates whose backward pass has run (see <see cref="Intermediate"/>).</summary>
    private void ReleaseIntermediates()
    {
        if (_intermediates is null)
        {
            return;
        }

        foreach (Tensor t in _intermediates)
        {
            if (t.GradFn is { BackwardDone: true })
            {
                t.Dispose();
            }
        }

        _intermediates.Clear();
    }

    /// <summary>
    /// The variational recurrent-dropout masks of <paramref name="layer"/> for the current call: per direction a
    /// (B, <paramref name="width"/>) array of 0 (probability <paramref name="p"/>) or 1/(1 − p), drawn from the
    /// counter-based stream of <see cref="Seed"/> (a fresh mask per call, per layer and direction; the same mask at every
    /// step). Null in eval mode or when p is 0.
    /// </summary>
    private protected float[][]? RecurrentDropoutMasks(float p, int layer, int batch, int width)
    {
        if (!(p > 0f) || !IsTraining)
        {
            return null;
        }

        int d = NumDirections;
        float scale = 1f / (1f - p);
        var masks = new float[d][];
        for (int dir = 0; dir < d; dir++)
        {
            ulong seed = CounterRandom.Next((_dropoutSeed ?? Seed) ^ RecurrentDropoutSalt, (((_currentCall * (ulong)NumLayers) + (ulong)layer) * 2) + (ulong)dir);
            float[] m = new float[batch * width];
            for (int i = 0; i < m.Length; i++)
            {
                m[i] = CounterRandom.Uniform01(seed, (ulong)i) < p ? 0f : scale;
            }

            masks[dir] = m;
        }

        return masks;
    }

    /// <summary>
    /// Restarts the stream of the inter-layer and recurrent dropout masks from <paramref name="seed"/> (training calls
    /// this from <c>TrainingOptions.Seed</c>); the initialization <see cref="Seed"/> is unchanged.
    /// </summary>
    public void Reseed(ulong seed)
    {
        _dropoutSeed = seed;
        _dropoutCalls = 0;
    }

    /// <summary>Checks a recurrent-dropout probability (in [0, 1)); returns it.</summary>
    private protected float CheckRecurrentDropout(float value)
    {
        if (!(value >= 0f && value < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{Kind}: RecurrentDropout must be in [0, 1); got {value}.");
        }

        return value;
    }

    private void CheckState(Tensor? state, string argument, int layersTimesDirections, int batch, int features)
    {
        if (state is not null && !state.Dims.SequenceEqual([layersTimesDirections, batch, features]))
        {
            throw new ArgumentException(
                $"{DisplayName}: expected {argument} of shape {Tensor.FormatShape([layersTimesDirections, batch, features])} (layers·directions, batch, features), got {Tensor.FormatShape(state.Dims)}.",
                argument);
        }
    }

    /// <summary>Validates lengths (B values in 1 … T); returns a copy, or null when absent or all equal to T.</summary>
    private int[]? CheckLengths(int[]? lengths, int t, int b)
    {
        if (lengths is null)
        {
            return null;
        }

        if (lengths.Length != b)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected lengths of shape ({b},) (one per sequence of the batch), got ({lengths.Length},).", nameof(lengths));
        }

        bool allFull = true;
        for (int i = 0; i < b; i++)
        {
            int len = lengths[i];
            if (len < 1 || len > t)
            {
                throw new ArgumentOutOfRangeException(nameof(lengths),
                    $"{DisplayName}: lengths[{i}] = {len} must be in [1, T = {t}].");
            }

            allFull &= len == t;
        }

        return allFull ? null : (int[])lengths.Clone();
    }
}
