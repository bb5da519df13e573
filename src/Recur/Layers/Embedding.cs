using System.Globalization;
using System.Text.Json.Nodes;
using Recur.Autograd.Ops;

namespace Recur.Layers;

/// <summary>
/// A lookup table of token vectors (PyTorch's <c>nn.Embedding</c>): input (B, T) token ids — stored as floats with
/// integral values in [0, N) — with optional lengths → output (B, T, D) with out[b, t] = weight[id[b, t]].
/// A (B, T, 1) input (one feature holding the id) is accepted too. Lengths are carried; padded steps
/// (t ≥ lengths[b]) are not read (any value may sit there) and give zero vectors.
/// Parameter <c>weight</c> (N, D), initialised N(0, 1) from <c>seed</c>; the row <c>paddingIndex</c>, when given, starts
/// at zero and never receives a gradient, as PyTorch's <c>padding_idx</c>. Repeated ids accumulate their gradients.
/// </summary>
public sealed class Embedding : Layer
{
    /// <summary>The default initialisation seed.</summary>
    public const ulong DefaultSeed = 0x5EED_E301UL;

    /// <summary>Creates the layer.</summary>
    /// <param name="numEmbeddings">N, the vocabulary size (≥ 1).</param>
    /// <param name="embeddingDim">D, the vector length (≥ 1).</param>
    /// <param name="paddingIndex">An id in [0, N) whose row is zero and never trained, or null (default).</param>
    /// <param name="seed">Initialisation seed (default <see cref="DefaultSeed"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or paddingIndex lies outside [0, N).</exception>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIndex = null, ulong seed = DefaultSeed)
    {
        if (numEmbeddings < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numEmbeddings), numEmbeddings,
                $"Embedding: numEmbeddings must be ≥ 1; got {numEmbeddings}.");
        }

        if (embeddingDim < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(embeddingDim), embeddingDim,
                $"Embedding: embeddingDim must be ≥ 1; got {embeddingDim}.");
        }

        if (paddingIndex is { } pad && (pad < 0 || pad >= numEmbeddings))
        {
            throw new ArgumentOutOfRangeException(nameof(paddingIndex), pad,
                $"Embedding: paddingIndex must lie in [0, {numEmbeddings}) (numEmbeddings); got {pad}.");
        }

        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIndex = paddingIndex;
        Seed = seed;
        Tensor w = Tensor.Normal(seed, 0f, 1f, numEmbeddings, embeddingDim);
        if (paddingIndex is { } p)
        {
            w.AsSpan().Slice(p * embeddingDim, embeddingDim).Clear();
        }

        Weight = RegisterParameter("weight", w);
    }

    /// <summary>N, the vocabulary size.</summary>
    public int NumEmbeddings { get; }

    /// <summary>D, the vector length.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The id whose row is never trained, or null.</summary>
    public int? PaddingIndex { get; }

    /// <summary>The initialisation seed.</summary>
    public ulong Seed { get; }

    /// <summary>The table (N, D).</summary>
    public Tensor Weight { get; }

    /// <inheritdoc/>
    public override string DisplayName => $"Embedding({NumEmbeddings}, {EmbeddingDim})";

    /// <summary>Looks up the vectors of the ids.</summary>
    /// <param name="input">Ids (B, T) or (B, T, 1) as integral floats; lengths (B) or null.</param>
    /// <returns>(B, T, D) with the same lengths; padded steps are zeros.</returns>
    /// <exception cref="ArgumentException">The shape or the lengths do not fit, or a valid position holds a non-integral id.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A valid position holds an id outside [0, N) (the message names the position and value).</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        CheckInput(x.Dims, nameof(input));
        int batch = x.Dims[0];
        int time = x.Dims[1];
        LengthCheck.Check(input.Lengths, batch, time, DisplayName, nameof(input));
        ReadOnlySpan<float> v = x.AsReadOnlySpan();
        var ids = new int[batch * time];
        for (int b = 0; b < batch; b++)
        {
            int valid = LengthCheck.Of(input.Lengths, b, time);
            for (int t = 0; t < time; t++)
            {
                int p = b * time + t;
                if (t >= valid)
                {
                    ids[p] = -1;
                    continue;
                }

                ids[p] = ToId(v[p], b, t);
            }
        }

        Tensor y = EmbeddingOp.Forward(Weight, ids, [batch, time, EmbeddingDim], PaddingIndex);
        return new SequenceBatch(y, input.Lengths);
    }

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length is < 1 or > 2 || (inputShape.Length == 2 && inputShape[1] != 1))
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a sample shape [T] or [T, 1] of token ids; got {Tensor.FormatShape(inputShape)}.",
                nameof(inputShape));
        }

        return [inputShape[0], EmbeddingDim];
    }

    /// <inheritdoc/>
    public override LayerConfig GetConfig()
    {
        var args = new JsonObject
        {
            ["numEmbeddings"] = NumEmbeddings,
            ["embeddingDim"] = EmbeddingDim,
            ["paddingIndex"] = PaddingIndex,
            ["seed"] = Seed,
        };
        return new LayerConfig("Embedding", args);
    }

    /// <summary>The registry factory.</summary>
    internal static Embedding FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "numEmbeddings"),
        LayerArguments.Int(config, "embeddingDim"),
        LayerArguments.Int(config, "paddingIndex", null),
        LayerArguments.ULong(config, "seed", DefaultSeed));

    private int ToId(float value, int b, int t)
    {
        if (!float.IsFinite(value) || value != MathF.Floor(value))
        {
            throw new ArgumentException(
                $"{DisplayName}: the token id at position (batch {b}, step {t}) must be an integer; got {value.ToString(CultureInfo.InvariantCulture)}.",
                "input");
        }

        if (value < 0 || value >= NumEmbeddings)
        {
            throw new ArgumentOutOfRangeException("input", value,
                $"{DisplayName}: the token id at position (batch {b}, step {t}) must lie in [0, {NumEmbeddings}) (numEmbeddings); got {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return (int)value;
    }

    private void CheckInput(ReadOnlySpan<int> dims, string paramName)
    {
        if (dims.Length is < 2 or > 3 || (dims.Length == 3 && dims[2] != 1))
        {
            throw new ArgumentException(
                $"{DisplayName}: expected token ids of shape (B, T) or (B, T, 1); got {Tensor.FormatShape(dims)}.", paramName);
        }
    }
}
