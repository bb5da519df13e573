using System.Text.Json.Nodes;
using Recur.Autograd.Ops;
using Recur.Modules;

namespace Recur.Layers;

/// <summary>
/// Attention over the time steps of a sequence, masking padding. Two uses:
/// <list type="bullet">
/// <item>As a pooling layer (<see cref="Forward"/>, e.g. the BiLSTM + attention classifier): input (B, T, F) with
/// lengths → output (B, F) = Σ_t α_t h_t, lengths dropped. Scores: Additive e_t = vᵀ tanh(W h_t + b);
/// ScaledDotProduct e_t = qᵀ h_t / √F with a learned query q.</item>
/// <item>Query–key–value attention for encoder–decoder models (<see cref="Attend"/>): query (B, Q), keys (B, T, K),
/// values (B, T, V) → context (B, V). Additive e_t = vᵀ tanh(W_q q + W_k k_t + b); ScaledDotProduct e_t = q · k_t / √K.</item>
/// </list>
/// In both, α = softmax of e over the valid steps t &lt; lengths[b]; padded steps are masked as if scored −∞ (their weight
/// is exactly 0 and their values are never read). <see cref="LastWeights"/> keeps α of the last call.
/// Parameters — Additive: <c>weight</c> W = W_k (A, F), <c>bias</c> b (A), <c>v</c> (A) and <c>queryWeight</c> W_q
/// (A, queryFeatures), used by <see cref="Attend"/> only; ScaledDotProduct: <c>query</c> q (F), used by pooling only.
/// All are initialised U(−1/√fan_in, 1/√fan_in) from <c>seed</c> (fan_in = F for W and b, A for v, queryFeatures for W_q).
/// </summary>
public sealed class Attention : Layer
{
    /// <summary>The default initialisation seed.</summary>
    public const ulong DefaultSeed = 0x5EED_A771UL;

    private readonly int? _attentionSizeArgument;
    private readonly int? _queryFeaturesArgument;

    /// <summary>Creates the layer.</summary>
    /// <param name="features">F, the features of each step (the keys' width for <see cref="Attend"/>; ≥ 1).</param>
    /// <param name="kind">How steps are scored (default <see cref="AttentionKind.Additive"/>).</param>
    /// <param name="attentionSize">A, the hidden width of the additive score (≥ 1); null (default) means F. Additive only.</param>
    /// <param name="queryFeatures">Q, the query width of <see cref="Attend"/> (≥ 1); null (default) means F. Additive only
    /// (scaled dot product needs Q = K).</param>
    /// <param name="seed">Initialisation seed (default <see cref="DefaultSeed"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or kind is not a defined value.</exception>
    /// <exception cref="ArgumentException">attentionSize or queryFeatures is given for ScaledDotProduct.</exception>
    public Attention(
        int features, AttentionKind kind = AttentionKind.Additive, int? attentionSize = null, int? queryFeatures = null,
        ulong seed = DefaultSeed)
    {
        if (features < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(features), features, $"Attention: features must be ≥ 1; got {features}.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Attention: kind must be Additive or ScaledDotProduct; got {(int)kind}.");
        }

        if (attentionSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(attentionSize), attentionSize,
                $"Attention: attentionSize must be ≥ 1 (or null for features); got {attentionSize}.");
        }

        if (queryFeatures is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(queryFeatures), queryFeatures,
                $"Attention: queryFeatures must be ≥ 1 (or null for features); got {queryFeatures}.");
        }

        if (kind == AttentionKind.ScaledDotProduct && attentionSize is not null)
        {
            throw new ArgumentException(
                $"Attention: attentionSize applies to Additive attention only; got {attentionSize} with ScaledDotProduct.", nameof(attentionSize));
        }

        if (kind == AttentionKind.ScaledDotProduct && queryFeatures is not null)
        {
            throw new ArgumentException(
                $"Attention: queryFeatures applies to Additive attention only (scaled dot product needs the query as wide as the keys); got {queryFeatures}.",
                nameof(queryFeatures));
        }

        Features = features;
        Kind = kind;
        Seed = seed;
        _attentionSizeArgument = attentionSize;
        _queryFeaturesArgument = queryFeatures;
        if (kind == AttentionKind.Additive)
        {
            int a = attentionSize ?? features;
            int qf = queryFeatures ?? features;
            AttentionSize = a;
            QueryFeatures = qf;
            ulong offset = 0;
            Weight = RegisterParameter("weight", Init(seed, ref offset, features, a, features));
            Bias = RegisterParameter("bias", Init(seed, ref offset, features, a));
            V = RegisterParameter("v", Init(seed, ref offset, a, a));
            QueryWeight = RegisterParameter("queryWeight", Init(seed, ref offset, qf, a, qf));
        }
        else
        {
            QueryFeatures = features;
            ulong offset = 0;
            Query = RegisterParameter("query", Init(seed, ref offset, features, features));
        }
    }

    /// <summary>F, the features of each step.</summary>
    public int Features { get; }

    /// <summary>How steps are scored.</summary>
    public AttentionKind Kind { get; }

    /// <summary>A, the hidden width of the additive score (0 for scaled dot product).</summary>
    public int AttentionSize { get; }

    /// <summary>The query width <see cref="Attend"/> expects (Additive: queryFeatures; ScaledDotProduct: the keys' width).</summary>
    public int QueryFeatures { get; }

    /// <summary>The initialisation seed.</summary>
    public ulong Seed { get; }

    /// <summary>Additive: W = W_k (A, F); null for scaled dot product.</summary>
    public Tensor? Weight { get; }

    /// <summary>Additive: b (A); null for scaled dot product.</summary>
    public Tensor? Bias { get; }

    /// <summary>Additive: v (A); null for scaled dot product.</summary>
    public Tensor? V { get; }

    /// <summary>Additive: W_q (A, queryFeatures); null for scaled dot product.</summary>
    public Tensor? QueryWeight { get; }

    /// <summary>ScaledDotProduct: the learned pooling query q (F); null for additive.</summary>
    public Tensor? Query { get; }

    /// <summary>
    /// The attention weights α (B, T) of the last <see cref="Forward"/> or <see cref="Attend"/> call, detached
    /// (no gradient); each row sums to 1 over the valid steps and is exactly 0 on padded ones. Null before any call.
    /// </summary>
    public Tensor? LastWeights { get; private set; }

    /// <inheritdoc/>
    public override string DisplayName => $"Attention({Features}, {Kind})";

    /// <summary>Pools a sequence into one vector: context = Σ_t α_t h_t.</summary>
    /// <param name="input">(B, T, F) with lengths (B) or null.</param>
    /// <returns>(B, F), without lengths.</returns>
    /// <exception cref="ArgumentException">The data is not (B, T, F) or the lengths do not fit.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor h = input.Data;
        if (h.Rank != 3 || h.Dims[2] != Features)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected data of shape (B, T, {Features}); got {Tensor.FormatShape(h.Dims)}.", nameof(input));
        }

        LengthCheck.Check(input.Lengths, h.Dims[0], h.Dims[1], DisplayName, nameof(input));
        Tensor scores = Kind == AttentionKind.Additive
            ? AdditiveScoreOp.Forward(LinearOp.Forward(h, Weight!, null), null, Bias!, V!, input.Lengths)
            : DotScoreOp.Forward(Query!, h, 1f / MathF.Sqrt(Features), input.Lengths);
        return new SequenceBatch(Context(scores, h, input.Lengths));
    }

    /// <summary>
    /// Query–key–value attention (encoder–decoder): α = masked softmax of the scores of <paramref name="query"/> against
    /// each key, context = Σ_t α_t values_t.
    /// </summary>
    /// <param name="query">(B, Q): Q = queryFeatures (Additive) or Q = K (ScaledDotProduct).</param>
    /// <param name="keys">(B, T, K): K = features (Additive) or any width (ScaledDotProduct).</param>
    /// <param name="values">(B, T, V), any width V.</param>
    /// <param name="lengths">Valid steps of each sequence (B values in 1 … T), or null when all are T.</param>
    /// <returns>The context (B, V).</returns>
    /// <exception cref="ArgumentException">A shape does not fit (the message names the argument and both shapes) or the lengths do not fit.</exception>
    public Tensor Attend(Tensor query, Tensor keys, Tensor values, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        CheckAttend(query, keys, values);
        LengthCheck.Check(lengths, keys.Dims[0], keys.Dims[1], DisplayName, nameof(lengths));
        Tensor scores = Kind == AttentionKind.Additive
            ? AdditiveScoreOp.Forward(
                LinearOp.Forward(keys, Weight!, null), LinearOp.Forward(query, QueryWeight!, null), Bias!, V!, lengths)
            : DotScoreOp.Forward(query, keys, 1f / MathF.Sqrt(keys.Dims[2]), lengths);
        return Context(scores, values, lengths);
    }

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 2 || inputShape[1] != Features || inputShape[0] is < -1 or 0)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a sample shape [T, {Features}]; got {Tensor.FormatShape(inputShape)}.", nameof(inputShape));
        }

        return [Features];
    }

    /// <inheritdoc/>
    public override LayerConfig GetConfig() => new("Attention", new JsonObject
    {
        ["features"] = Features,
        ["kind"] = LayerArguments.EnumName(Kind),
        ["attentionSize"] = _attentionSizeArgument,
        ["queryFeatures"] = _queryFeaturesArgument,
        ["seed"] = Seed,
    });

    /// <summary>The registry factory.</summary>
    internal static Attention FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "features"),
        LayerArguments.CamelEnum(config, "kind", AttentionKind.Additive),
        LayerArguments.Int(config, "attentionSize", null),
        LayerArguments.Int(config, "queryFeatures", null),
        LayerArguments.ULong(config, "seed", DefaultSeed));

    private Tensor Context(Tensor scores, Tensor values, int[]? lengths)
    {
        Tensor context = AttentionContextOp.Forward(scores, values, lengths, out float[] weights);
        LastWeights = Tensor.Wrap(weights, [values.Dims[0], values.Dims[1]]);
        return context;
    }

    private void CheckAttend(Tensor query, Tensor keys, Tensor values)
    {
        if (keys.Rank != 3 || (Kind == AttentionKind.Additive && keys.Dims[2] != Features))
        {
            string k = Kind == AttentionKind.Additive ? Features.ToString(System.Globalization.CultureInfo.InvariantCulture) : "K";
            throw new ArgumentException(
                $"{DisplayName}: expected keys of shape (B, T, {k}); got {Tensor.FormatShape(keys.Dims)}.", nameof(keys));
        }

        int batch = keys.Dims[0];
        int time = keys.Dims[1];
        int q = Kind == AttentionKind.Additive ? QueryFeatures : keys.Dims[2];
        if (query.Rank != 2 || query.Dims[0] != batch || query.Dims[1] != q)
        {
            string rule = Kind == AttentionKind.Additive ? "queryFeatures" : "the keys' width for scaled dot product";
            throw new ArgumentException(
                $"{DisplayName}: expected query of shape ({batch}, {q}) (batch of the keys, width = {rule}); got {Tensor.FormatShape(query.Dims)}.",
                nameof(query));
        }

        if (values.Rank != 3 || values.Dims[0] != batch || values.Dims[1] != time)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected values of shape ({batch}, {time}, V) (batch and time of the keys); got {Tensor.FormatShape(values.Dims)}.",
                nameof(values));
        }
    }

    private static Tensor Init(ulong seed, ref ulong offset, int fanIn, params int[] shape)
    {
        float bound = 1f / MathF.Sqrt(fanIn);
        var data = new float[Tensor.CheckShape(shape, "Attention")];
        CounterRandom.FillUniform(data, seed, offset, -bound, bound);
        offset += (ulong)data.Length;
        return Tensor.Wrap(data, shape);
    }
}
