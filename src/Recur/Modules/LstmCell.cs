namespace Recur.Modules;

/// <summary>
/// One LSTM step, PyTorch's <c>nn.LSTMCell</c>: parameters <c>weight_ih</c> (G·H, I), <c>weight_hh</c> (G·H, H),
/// <c>bias_ih</c> and <c>bias_hh</c> (G·H), gate order i, f, g, o (G = 4; i, g, o and G = 3 when coupled), plus optional
/// peepholes <c>peephole_i</c>, <c>peephole_f</c>, <c>peephole_o</c> (H). The equations are those of <see cref="Lstm"/>
/// for one time step:
/// <code>
/// i = σ(W_ii x + b_ii + W_hi h + b_hi)      f = σ(W_if x + b_if + W_hf h + b_hf)
/// g = φ(W_ig x + b_ig + W_hg h + b_hg)      o = σ(W_io x + b_io + W_ho h + b_ho)
/// c_1 = f ⊙ c + i ⊙ g                       h_1 = o ⊙ φ(c_1)
/// </code>
/// Runs as one fused autograd node (the sequence kernel with T = 1).
/// </summary>
public sealed class LstmCell : Module
{
    private readonly LstmDirectionParameters _parameters;
    private readonly LstmVariant _variant;

    /// <summary>Creates the cell; parameters are initialized from U(−1/√H, 1/√H) with <paramref name="seed"/>.</summary>
    /// <param name="inputSize">I (≥ 1).</param>
    /// <param name="hiddenSize">H (≥ 1).</param>
    /// <param name="bias">Whether the cell has bias_ih and bias_hh.</param>
    /// <param name="peepholes">Diagonal peepholes (i, f see c; o sees c_1).</param>
    /// <param name="coupledInputForget">f = 1 − i (gate blocks i, g, o).</param>
    /// <param name="seed">Initialization seed.</param>
    /// <param name="cellClip">Clamp c_1 to [−cellClip, cellClip] (0 = none).</param>
    /// <param name="gateActivation">The gate activation σ.</param>
    /// <param name="stateActivation">The state activation φ.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the clip is out of range.</exception>
    public LstmCell(
        int inputSize, int hiddenSize, bool bias = true, bool peepholes = false, bool coupledInputForget = false,
        ulong seed = RecurrentLayerBase.DefaultSeed, float cellClip = 0, GateActivation gateActivation = GateActivation.Sigmoid,
        StateActivation stateActivation = StateActivation.Tanh)
    {
        if (inputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"LstmCell: inputSize must be ≥ 1; got {inputSize}.");
        }

        if (hiddenSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, $"LstmCell: hiddenSize must be ≥ 1; got {hiddenSize}.");
        }

        if (!(cellClip >= 0f) || float.IsPositiveInfinity(cellClip))
        {
            throw new ArgumentOutOfRangeException(nameof(cellClip), cellClip, $"LstmCell: cellClip must be a finite value ≥ 0; got {cellClip}.");
        }

        InputSize = inputSize;
        HiddenSize = hiddenSize;
        _variant = new LstmVariant(hiddenSize, 0, coupledInputForget, peepholes, cellClip,
            gateActivation == GateActivation.HardSigmoid, stateActivation == StateActivation.Softsign);
        int rows = _variant.GateCount * hiddenSize;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        ulong offset = 0;
        Tensor Init(string name, params int[] shape)
        {
            int n = Tensor.CheckShape(shape, "LstmCell");
            var data = new float[n];
            CounterRandom.FillUniform(data, seed, offset, -bound, bound);
            offset += (ulong)n;
            return RegisterParameter(name, Tensor.Wrap(data, shape));
        }

        Tensor wih = Init("weight_ih", rows, inputSize);
        Tensor whh = Init("weight_hh", rows, hiddenSize);
        Tensor? bih = bias ? Init("bias_ih", rows) : null;
        Tensor? bhh = bias ? Init("bias_hh", rows) : null;
        Tensor? pi = peepholes ? Init("peephole_i", hiddenSize) : null;
        Tensor? pf = peepholes && !coupledInputForget ? Init("peephole_f", hiddenSize) : null;
        Tensor? po = peepholes ? Init("peephole_o", hiddenSize) : null;
        _parameters = new LstmDirectionParameters(wih, whh, bih, bhh, null, pi, pf, po);
    }

    /// <summary>I: the input features.</summary>
    public int InputSize { get; }

    /// <summary>H: the hidden and cell size.</summary>
    public int HiddenSize { get; }

    /// <inheritdoc/>
    public override string DisplayName => $"LstmCell({InputSize}, {HiddenSize})";

    /// <summary>One step.</summary>
    /// <param name="x">Input (B, I).</param>
    /// <param name="h">Hidden state (B, H); null means zeros.</param>
    /// <param name="c">Cell state (B, H); null means zeros.</param>
    /// <returns>The new hidden state h_1 (B, H) and cell state c_1 (B, H).</returns>
    /// <exception cref="ArgumentException">A shape does not fit (the message names the module and the shapes).</exception>
    public LstmCellOutput Forward(Tensor x, Tensor? h = null, Tensor? c = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Dims[1] != InputSize || x.Dims[0] < 1)
        {
            throw new ArgumentException($"{DisplayName}: expected x of shape (B, {InputSize}) with B ≥ 1, got {Tensor.FormatShape(x.Dims)}.", nameof(x));
        }

        int batch = x.Dims[0];
        CheckState(h, nameof(h), batch);
        CheckState(c, nameof(c), batch);
        RnnOutput r = LstmLayerOp.Forward(
            x.Reshape(1, batch, InputSize), [_parameters],
            h?.Reshape(1, batch, HiddenSize), c?.Reshape(1, batch, HiddenSize), null, _variant);
        return new LstmCellOutput(r.HiddenState.Reshape(batch, HiddenSize), r.CellState!.Reshape(batch, HiddenSize));
    }

    private void CheckState(Tensor? state, string name, int batch)
    {
        if (state is not null && (state.Rank != 2 || state.Dims[0] != batch || state.Dims[1] != HiddenSize))
        {
            throw new ArgumentException(
                $"{DisplayName}: expected {name} of shape ({batch}, {HiddenSize}), got {Tensor.FormatShape(state.Dims)}.", name);
        }
    }
}
