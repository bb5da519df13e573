using System.Text.Json.Nodes;
using Recur.Autograd;
using Recur.Layers;
using Recur.Modules;

namespace Recur.Models;

/// <summary>
/// A sequence-to-sequence model over tokens: an embedding and an LSTM encoder read the source; its final state (the
/// state after each sequence's last valid step) starts an LSTM decoder over embedded target tokens, and a dense layer
/// maps each decoder step to scores over the target vocabulary. The decoder's first input is the start token
/// (index <see cref="TargetVocabulary"/> of the target embedding). Training (<see cref="Model.Fit"/> with
/// <see cref="Training.SequenceDataset.ForSequenceToSequence"/> data) feeds, per decoder step, the true previous
/// token with probability <see cref="Training.TrainingOptions.TeacherForcingRatio"/> and the model's own greedy
/// prediction otherwise; inference decodes greedily (<see cref="Decode"/>).
/// </summary>
/// <remarks>
/// Shapes: input (B, T, 1) holding source token ids in [0, SourceVocabulary) as whole numbers (padding steps past each
/// length are ignored); <see cref="Layer.Forward"/> decodes T steps greedily and returns logits (B, T, TargetVocabulary).
/// Parameters: <c>source_embedding</c> (Vs, E), <c>target_embedding</c> (Vt + 1, E), <c>encoder.*</c> and
/// <c>decoder.*</c> (LSTM, E → H), <c>output.weight</c> (Vt, H), <c>output.bias</c> (Vt).
/// </remarks>
public sealed class EncoderDecoder : Model
{
    private readonly Tensor _sourceEmbedding;
    private readonly Tensor _targetEmbedding;
    private readonly Lstm _encoder;
    private readonly Lstm _decoder;
    private readonly Linear _output;

    /// <summary>Creates the model with parameters drawn from <paramref name="seed"/>.</summary>
    /// <param name="sourceVocabulary">Vs, source tokens (≥ 1).</param>
    /// <param name="targetVocabulary">Vt, target tokens (≥ 1); the start token is Vt.</param>
    /// <param name="embeddingSize">E (≥ 1).</param>
    /// <param name="hiddenSize">H (≥ 1).</param>
    /// <param name="endToken">A target token that ends greedy decoding (in [0, Vt)), or null (default) to always decode the requested length.</param>
    /// <param name="seed">Initialisation seed (default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is &lt; 1 or the end token is out of range.</exception>
    public EncoderDecoder(int sourceVocabulary, int targetVocabulary, int embeddingSize, int hiddenSize, int? endToken = null, ulong seed = 1)
    {
        Positive(sourceVocabulary, nameof(sourceVocabulary));
        Positive(targetVocabulary, nameof(targetVocabulary));
        Positive(embeddingSize, nameof(embeddingSize));
        Positive(hiddenSize, nameof(hiddenSize));
        if (endToken is { } end && (uint)end >= (uint)targetVocabulary)
        {
            throw new ArgumentOutOfRangeException(nameof(endToken), end, $"EncoderDecoder: endToken must be in [0, {targetVocabulary}); got {end}.");
        }

        SourceVocabulary = sourceVocabulary;
        TargetVocabulary = targetVocabulary;
        EmbeddingSize = embeddingSize;
        HiddenSize = hiddenSize;
        EndToken = endToken;
        Seed = seed;
        _sourceEmbedding = RegisterParameter("source_embedding", Tensor.Normal(CounterRandom.Next(seed, 1), 0f, 1f, sourceVocabulary, embeddingSize));
        _targetEmbedding = RegisterParameter("target_embedding", Tensor.Normal(CounterRandom.Next(seed, 2), 0f, 1f, targetVocabulary + 1, embeddingSize));
        _encoder = RegisterModule("encoder", new Lstm(embeddingSize, hiddenSize, batchFirst: true, seed: CounterRandom.Next(seed, 3)));
        _decoder = RegisterModule("decoder", new Lstm(embeddingSize, hiddenSize, batchFirst: true, seed: CounterRandom.Next(seed, 4)));
        _output = RegisterModule("output", new Linear(hiddenSize, targetVocabulary, seed: CounterRandom.Next(seed, 5)));
    }

    /// <summary>Vs, the source vocabulary.</summary>
    public int SourceVocabulary { get; }

    /// <summary>Vt, the target vocabulary (the start token is Vt).</summary>
    public int TargetVocabulary { get; }

    /// <summary>E, the embedding size.</summary>
    public int EmbeddingSize { get; }

    /// <summary>H, the hidden size of encoder and decoder.</summary>
    public int HiddenSize { get; }

    /// <summary>The token that ends greedy decoding, or null.</summary>
    public int? EndToken { get; }

    /// <summary>The initialisation seed.</summary>
    public ulong Seed { get; }

    /// <summary>The start token fed to the decoder first (= <see cref="TargetVocabulary"/>).</summary>
    public int StartToken => TargetVocabulary;

    /// <summary>Encodes the batch and decodes T steps greedily.</summary>
    /// <param name="input">(B, T, 1) source token ids with lengths.</param>
    /// <returns>Logits (B, T, Vt).</returns>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        (Tensor h, Tensor c) = Encode(input);
        int t = input.Data.Dims[1];
        return new SequenceBatch(DecodeSteps(h, c, t, null, 0, 0), input.Lengths);
    }

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 2 || inputShape[1] != 1)
        {
            throw new ArgumentException($"EncoderDecoder: the input shape must be [T, 1] (token ids); got [{string.Join(", ", inputShape)}].", nameof(inputShape));
        }

        return [inputShape[0], TargetVocabulary];
    }

    /// <inheritdoc/>
    public override LayerConfig GetConfig() => new("EncoderDecoder", new JsonObject
    {
        ["sourceVocabulary"] = SourceVocabulary,
        ["targetVocabulary"] = TargetVocabulary,
        ["embeddingSize"] = EmbeddingSize,
        ["hiddenSize"] = HiddenSize,
        ["endToken"] = EndToken,
        ["seed"] = Seed,
    });

    /// <summary>The registry factory: rebuilds the model from <see cref="GetConfig"/>'s output.</summary>
    internal static EncoderDecoder FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "sourceVocabulary"),
        LayerArguments.Int(config, "targetVocabulary"),
        LayerArguments.Int(config, "embeddingSize"),
        LayerArguments.Int(config, "hiddenSize"),
        config.Arguments["endToken"] is null ? null : LayerArguments.Int(config, "endToken"),
        LayerArguments.ULong(config, "seed", 1));

    /// <summary>
    /// Greedy decoding: encodes each source and feeds the decoder its own most probable token, step by step, in eval
    /// mode without gradients.
    /// </summary>
    /// <param name="sources">Source token sequences, each (T_i, 1) holding ids in [0, Vs).</param>
    /// <param name="maxLength">Tokens to decode per sequence; null (default) means each source's own length. Decoding stops early after <see cref="EndToken"/> (which is not returned).</param>
    /// <param name="miniBatchSize">Sequences per batch (≥ 1, default 128).</param>
    /// <returns>The decoded tokens of each source.</returns>
    /// <exception cref="ArgumentException">A source is not (T_i, 1) or holds an id outside [0, Vs).</exception>
    public IReadOnlyList<int[]> Decode(IReadOnlyList<Tensor> sources, int? maxLength = null, int miniBatchSize = DefaultPredictionBatchSize)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (maxLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"EncoderDecoder.Decode: maxLength must be ≥ 1 or null; got {maxLength}.");
        }

        if (miniBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(miniBatchSize), miniBatchSize, $"EncoderDecoder.Decode: miniBatchSize must be ≥ 1; got {miniBatchSize}.");
        }

        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i] is not { Rank: 2 } s || s.Dims[0] < 1 || s.Dims[1] != 1)
            {
                throw new ArgumentException(
                    $"EncoderDecoder.Decode: sources[{i}] must be (T_i, 1) token ids with T_i ≥ 1; got {(sources[i] is null ? "null" : Tensor.FormatShape(sources[i].Dims))}.", nameof(sources));
            }
        }

        var results = new int[sources.Count][];
        var modes = NamedModules().Select(static m => (m.Module, m.Module.IsTraining)).ToArray();
        Eval();
        try
        {
            using NoGradScope noGrad = GradMode.NoGrad();
            for (int start = 0; start < sources.Count; start += miniBatchSize)
            {
                int b = Math.Min(miniBatchSize, sources.Count - start);
                int t = 0;
                for (int k = 0; k < b; k++)
                {
                    t = Math.Max(t, sources[start + k].Dims[0]);
                }

                var data = new float[b * t];
                var lengths = new int[b];
                for (int k = 0; k < b; k++)
                {
                    sources[start + k].AsReadOnlySpan().CopyTo(data.AsSpan(k * t));
                    lengths[k] = sources[start + k].Dims[0];
                }

                (Tensor h, Tensor c) = Encode(new SequenceBatch(Tensor.Wrap(data, [b, t, 1]), lengths));
                int steps = maxLength ?? lengths.Max();
                ReadOnlySpan<float> logits = DecodeSteps(h, c, steps, null, 0, 0).AsReadOnlySpan();
                for (int k = 0; k < b; k++)
                {
                    int want = maxLength ?? lengths[k];
                    var tokens = new List<int>(want);
                    for (int s = 0; s < want; s++)
                    {
                        int token = Training.TrainingLoss.ArgMax(logits.Slice(((k * steps) + s) * TargetVocabulary, TargetVocabulary));
                        if (token == EndToken)
                        {
                            break;
                        }

                        tokens.Add(token);
                    }

                    results[start + k] = [.. tokens];
                }
            }
        }
        finally
        {
            foreach ((Module module, bool training) in modes)
            {
                module.Train(training);
            }
        }

        return results;
    }

    /// <inheritdoc/>
    protected internal override Tensor ForwardForTraining(SequenceBatch input, IReadOnlyList<int[]>? targetTokens, double teacherForcingRatio, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (targetTokens is null)
        {
            return Forward(input).Data;
        }

        (Tensor h, Tensor c) = Encode(input);
        int steps = targetTokens.Max(static t => t.Length);
        if (teacherForcingRatio >= 1.0)
        {
            // Every step is teacher-forced: the whole target sequence runs through the decoder in one call.
            int b = targetTokens.Count;
            var ids = new int[b * steps];
            var lengths = new int[b];
            for (int k = 0; k < b; k++)
            {
                int[] target = targetTokens[k];
                ids[k * steps] = StartToken;
                for (int s = 1; s < target.Length; s++)
                {
                    ids[(k * steps) + s] = target[s - 1];
                }

                lengths[k] = target.Length;
            }

            Tensor x = _targetEmbedding.IndexSelect(0, ids).Reshape(b, steps, EmbeddingSize);
            RnnOutput r = _decoder.Forward(x, h, c, lengths);
            return _output.Forward(r.Output);
        }

        return DecodeSteps(h, c, steps, targetTokens, teacherForcingRatio, seed);
    }

    /// <summary>The encoder's final state (1, B, H) for a (B, T, 1) batch of token ids.</summary>
    private (Tensor H, Tensor C) Encode(SequenceBatch input)
    {
        Tensor data = input.Data;
        if (data.Rank != 3 || data.Dims[2] != 1)
        {
            throw new ArgumentException($"EncoderDecoder: expected token ids (B, T, 1); got {Tensor.FormatShape(data.Dims)}.", nameof(input));
        }

        int b = data.Dims[0];
        int t = data.Dims[1];
        ReadOnlySpan<float> v = data.AsReadOnlySpan();
        var ids = new int[v.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            int id = (int)v[i];
            bool padding = input.Lengths is { } l && i % t >= l[i / t];
            if (padding)
            {
                id = 0;
            }
            else if (id != v[i] || (uint)id >= (uint)SourceVocabulary)
            {
                throw new ArgumentException(
                    $"EncoderDecoder: source token ids must be whole numbers in [0, {SourceVocabulary}); sequence {i / t}, step {i % t} holds {v[i]}.", nameof(input));
            }

            ids[i] = id;
        }

        Tensor x = _sourceEmbedding.IndexSelect(0, ids).Reshape(b, t, EmbeddingSize);
        RnnOutput r = _encoder.Forward(x, lengths: input.Lengths);
        return (r.HiddenState, r.CellState!);
    }

    /// <summary>
    /// Runs the decoder one step at a time for <paramref name="steps"/> steps; per step and sequence the input is the
    /// true previous token with probability <paramref name="ratio"/> (when targets are given and still running), else the
    /// previous step's most probable token. Returns logits (B, steps, Vt).
    /// </summary>
    private Tensor DecodeSteps(Tensor h, Tensor c, int steps, IReadOnlyList<int[]>? targets, double ratio, ulong seed)
    {
        int b = h.Dims[1];
        var previous = new int[b];
        Array.Fill(previous, StartToken);
        var outputs = new Tensor[steps];
        for (int s = 0; s < steps; s++)
        {
            Tensor x = _targetEmbedding.IndexSelect(0, previous).Reshape(b, 1, EmbeddingSize);
            RnnOutput r = _decoder.Forward(x, h, c);
            h = r.HiddenState;
            c = r.CellState!;
            Tensor logits = _output.Forward(r.Output);
            outputs[s] = logits;
            ReadOnlySpan<float> l = logits.AsReadOnlySpan();
            for (int k = 0; k < b; k++)
            {
                previous[k] = Training.TrainingLoss.ArgMax(l.Slice(k * TargetVocabulary, TargetVocabulary));
                if (targets is not null && s < targets[k].Length
                    && CounterRandom.Uniform01(seed, ((ulong)s * (ulong)b) + (ulong)k) < ratio)
                {
                    previous[k] = targets[k][s];
                }
            }
        }

        return steps == 1 ? outputs[0] : Tensor.Concat(1, outputs);
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"EncoderDecoder: {name} must be ≥ 1; got {value}.");
        }
    }
}
