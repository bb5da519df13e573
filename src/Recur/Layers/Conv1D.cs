using System.Text.Json.Nodes;
using Recur.Autograd.Ops;

namespace Recur.Layers;

/// <summary>
/// A 1-D convolution over time (the CNN of a CNN-LSTM) on batch-first, channels-last sequences:
/// input (B, T, C_in) → output (B, T', C_out), computed as im2col + one GEMM (forward and backward).
/// y[b, t', o] = bias[o] + Σ_{c,k} weight[o, c, k] · x[b, t'·s − padLeft + k·d, c].
/// Parameters as PyTorch's <c>nn.Conv1d</c>, so weights port: <c>weight</c> (C_out, C_in, K) and <c>bias</c> (C_out),
/// both initialised U(−1/√(C_in·K), 1/√(C_in·K)) from <c>seed</c>.
/// </summary>
/// <remarks>
/// With receptive field R = d·(K − 1) + 1, the output length (of the batch, T', and of each sequence, L' from its
/// length L) is ⌊(L − R) / s⌋ + 1 for <see cref="Padding.Valid"/> (every sequence needs L ≥ R) and ⌈L / s⌉ for
/// <see cref="Padding.Same"/> and <see cref="Padding.Causal"/>. Input steps at or after a sequence's length read as
/// zero (as if the sequence ended there and were zero-padded) and output steps t' ≥ L' are zero, so padded values
/// never change a valid output. For <see cref="Padding.Same"/> with stride &gt; 1 the left padding follows the
/// batch's T (as Keras does).
/// </remarks>
public sealed class Conv1D : Layer
{
    /// <summary>The default initialisation seed.</summary>
    public const ulong DefaultSeed = 0x5EED_C101UL;

    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">C_in, the input features (≥ 1).</param>
    /// <param name="outChannels">C_out, the output features (filters, ≥ 1).</param>
    /// <param name="kernelSize">K, the taps (≥ 1).</param>
    /// <param name="stride">s, the step between outputs (≥ 1; default 1).</param>
    /// <param name="padding">How time is padded (default <see cref="Padding.Valid"/>).</param>
    /// <param name="dilation">d, the spacing between taps (≥ 1; default 1).</param>
    /// <param name="bias">Whether the layer has a bias (default true).</param>
    /// <param name="seed">Initialisation seed (default <see cref="DefaultSeed"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or padding is not a defined value.</exception>
    public Conv1D(
        int inChannels, int outChannels, int kernelSize, int stride = 1, Padding padding = Padding.Valid,
        int dilation = 1, bool bias = true, ulong seed = DefaultSeed)
    {
        AtLeastOne(inChannels, nameof(inChannels));
        AtLeastOne(outChannels, nameof(outChannels));
        AtLeastOne(kernelSize, nameof(kernelSize));
        AtLeastOne(stride, nameof(stride));
        AtLeastOne(dilation, nameof(dilation));
        if (!Enum.IsDefined(padding))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding,
                $"Conv1D: padding must be Valid, Same or Causal; got {(int)padding}.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Seed = seed;
        float bound = 1f / MathF.Sqrt((float)inChannels * kernelSize);
        var w = new float[outChannels * inChannels * kernelSize];
        CounterRandom.FillUniform(w, seed, 0, -bound, bound);
        Weight = RegisterParameter("weight", Tensor.Wrap(w, [outChannels, inChannels, kernelSize]));
        if (bias)
        {
            var b = new float[outChannels];
            CounterRandom.FillUniform(b, seed, (ulong)w.Length, -bound, bound);
            Bias = RegisterParameter("bias", Tensor.Wrap(b, [outChannels]));
        }
    }

    /// <summary>C_in.</summary>
    public int InChannels { get; }

    /// <summary>C_out.</summary>
    public int OutChannels { get; }

    /// <summary>K.</summary>
    public int KernelSize { get; }

    /// <summary>s.</summary>
    public int Stride { get; }

    /// <summary>The padding mode.</summary>
    public Padding Padding { get; }

    /// <summary>d.</summary>
    public int Dilation { get; }

    /// <summary>The initialisation seed.</summary>
    public ulong Seed { get; }

    /// <summary>The kernel (C_out, C_in, K).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias (C_out), or null when created with bias = false.</summary>
    public Tensor? Bias { get; }

    /// <summary>The receptive field d·(K − 1) + 1.</summary>
    public int ReceptiveField => Dilation * (KernelSize - 1) + 1;

    /// <inheritdoc/>
    public override string DisplayName => $"Conv1D({InChannels}, {OutChannels}, kernelSize: {KernelSize})";

    /// <summary>
    /// The output length for an input length (see the remarks of <see cref="Conv1D"/>): ⌊(L − R)/s⌋ + 1 for Valid
    /// (0 when L &lt; R), ⌈L/s⌉ for Same and Causal.
    /// </summary>
    public int OutputLength(int inputLength) => Padding switch
    {
        Padding.Valid => inputLength < ReceptiveField ? 0 : ((inputLength - ReceptiveField) / Stride) + 1,
        _ => (inputLength + Stride - 1) / Stride,
    };

    /// <summary>Convolves over time.</summary>
    /// <param name="input">(B, T, C_in) with lengths (B) or null.</param>
    /// <returns>(B, T', C_out) with each length L mapped to L' (null stays null).</returns>
    /// <exception cref="ArgumentException">
    /// The data is not (B, T, C_in), the lengths do not fit, or (Valid) a sequence is shorter than the receptive field.
    /// </exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        if (x.Rank != 3 || x.Dims[2] != InChannels)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected data of shape (B, T, {InChannels}); got {Tensor.FormatShape(x.Dims)}.", nameof(input));
        }

        int batch = x.Dims[0];
        int time = x.Dims[1];
        LengthCheck.Check(input.Lengths, batch, time, DisplayName, nameof(input));
        int outTime = OutputLength(time);
        var inLengths = new int[batch];
        var outLengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            inLengths[b] = LengthCheck.Of(input.Lengths, b, time);
            outLengths[b] = OutputLength(inLengths[b]);
            if (outLengths[b] < 1)
            {
                throw new ArgumentException(
                    $"{DisplayName}: with Valid padding every sequence needs at least {ReceptiveField} steps (the receptive field); "
                    + $"sequence {b} has {inLengths[b]}.", nameof(input));
            }
        }

        int padLeft = Padding switch
        {
            Padding.Valid => 0,
            Padding.Causal => ReceptiveField - 1,
            _ => Math.Max(((outTime - 1) * Stride) + ReceptiveField - time, 0) / 2,
        };
        Tensor y = Conv1DOp.Forward(x, Weight, Bias, Stride, Dilation, padLeft, outTime, inLengths, outLengths);
        return new SequenceBatch(y, input.Lengths is null ? null : outLengths);
    }

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 2 || inputShape[1] != InChannels || inputShape[0] < -1
            || (inputShape[0] >= 0 && OutputLength(inputShape[0]) < 1))
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a sample shape [T, {InChannels}] with T ≥ {(Padding == Padding.Valid ? ReceptiveField : 1)} "
                + $"or T = −1; got {Tensor.FormatShape(inputShape)}.", nameof(inputShape));
        }

        return [inputShape[0] < 0 ? -1 : OutputLength(inputShape[0]), OutChannels];
    }

    /// <inheritdoc/>
    public override LayerConfig GetConfig() => new("Conv1D", new JsonObject
    {
        ["inChannels"] = InChannels,
        ["outChannels"] = OutChannels,
        ["kernelSize"] = KernelSize,
        ["stride"] = Stride,
        ["padding"] = LayerArguments.EnumName(Padding),
        ["dilation"] = Dilation,
        ["bias"] = Bias is not null,
        ["seed"] = Seed,
    });

    /// <summary>The registry factory.</summary>
    internal static Conv1D FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "inChannels"),
        LayerArguments.Int(config, "outChannels"),
        LayerArguments.Int(config, "kernelSize"),
        LayerArguments.Int(config, "stride", 1),
        LayerArguments.CamelEnum(config, "padding", Padding.Valid),
        LayerArguments.Int(config, "dilation", 1),
        LayerArguments.Bool(config, "bias", true),
        LayerArguments.ULong(config, "seed", DefaultSeed));

    private static void AtLeastOne(int value, string paramName)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Conv1D: {paramName} must be ≥ 1; got {value}.");
        }
    }
}
