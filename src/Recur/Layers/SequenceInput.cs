using System.Globalization;
using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// The first layer of a sequence model (MATLAB's sequenceInputLayer): checks that the input has the expected number
/// of features and applies the per-feature normalization fitted on the training data:
/// z-score (x − μ) / σ, min-max (x − min) / (max − min), or rescale-symmetric 2 (x − min) / (max − min) − 1.
/// (B, T, F) → (B, T, F) (also (B, F) → (B, F)); the lengths are carried and the padded steps' outputs are zero.
/// The statistics are buffers (state-dict names <c>mean</c> and <c>std</c>, or <c>min</c> and <c>max</c>, each (F),
/// and <c>fitted</c> (1) = 1 once fitted), so they travel with the weights in a model file. A zero σ or
/// max − min (a constant feature) is treated as 1. No parameters.
/// </summary>
public sealed class SequenceInput : Layer, INormalizingLayer
{
    private readonly Tensor? _shift;
    private readonly Tensor? _spread;
    private readonly Tensor? _fitted;

    /// <summary>Creates the layer.</summary>
    /// <param name="features">F, the features per step (≥ 1).</param>
    /// <param name="normalization">The normalization (default none).</param>
    /// <exception cref="ArgumentOutOfRangeException">features is below 1 or the normalization is unknown.</exception>
    public SequenceInput(int features, Normalization normalization = Normalization.None)
    {
        if (features < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(features), features, $"SequenceInput: features must be ≥ 1; got {features}.");
        }

        if (!Enum.IsDefined(normalization))
        {
            throw new ArgumentOutOfRangeException(nameof(normalization), normalization,
                $"SequenceInput: normalization must be one of {string.Join(", ", Enum.GetNames<Normalization>())}; got {normalization}.");
        }

        Features = features;
        Normalization = normalization;
        if (normalization == Normalization.ZScore)
        {
            _shift = RegisterBuffer("mean", Tensor.Zeros(features));
            _spread = RegisterBuffer("std", Tensor.Ones(features));
        }
        else if (normalization != Normalization.None)
        {
            _shift = RegisterBuffer("min", Tensor.Zeros(features));
            _spread = RegisterBuffer("max", Tensor.Ones(features));
        }

        if (normalization != Normalization.None)
        {
            _fitted = RegisterBuffer("fitted", Tensor.Zeros(1));
        }
    }

    /// <summary>F, the features per step.</summary>
    public int Features { get; }

    /// <summary>The normalization.</summary>
    public Normalization Normalization { get; }

    /// <summary>True when the statistics are fitted (always true without normalization).</summary>
    public bool IsFitted => _fitted is null || _fitted.AsReadOnlySpan()[0] != 0f;

    /// <summary>The per-feature mean μ (F) of z-score normalization, or null for the other modes.</summary>
    public Tensor? Mean => Normalization == Normalization.ZScore ? _shift : null;

    /// <summary>The per-feature standard deviation σ (F) of z-score normalization (zeros replaced by 1), or null.</summary>
    public Tensor? Std => Normalization == Normalization.ZScore ? _spread : null;

    /// <summary>The per-feature minimum (F) of the min-max modes, or null.</summary>
    public Tensor? Min => Normalization is Normalization.MinMax or Normalization.RescaleSymmetric ? _shift : null;

    /// <summary>The per-feature maximum (F) of the min-max modes, or null.</summary>
    public Tensor? Max => Normalization is Normalization.MinMax or Normalization.RescaleSymmetric ? _spread : null;

    /// <inheritdoc/>
    public override string DisplayName => string.Create(CultureInfo.InvariantCulture,
        $"SequenceInput({Features}{(Normalization == Normalization.None ? string.Empty : ", " + Normalization)})");

    /// <summary>
    /// Fits the statistics on unpadded sequences, each (T_i, F) (every step counts). Without normalization nothing
    /// is computed.
    /// </summary>
    /// <param name="sequences">At least one sequence of shape (T_i ≥ 1, F).</param>
    /// <exception cref="ArgumentException">No sequence, or one that is not (T_i, F).</exception>
    public void FitStatistics(IEnumerable<Tensor> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var acc = new Accumulator(Features);
        int index = 0;
        foreach (Tensor s in sequences)
        {
            if (s is null || s.Rank != 2 || s.Dims[1] != Features || s.Dims[0] < 1)
            {
                throw new ArgumentException(
                    $"{DisplayName}: expected sequences[{index}] of shape (T, {Features}) with T ≥ 1, got {(s is null ? "null" : Tensor.FormatShape(s.Dims))}.",
                    nameof(sequences));
            }

            acc.AddRows(s.AsReadOnlySpan(), s.Dims[0]);
            index++;
        }

        if (index == 0)
        {
            throw new ArgumentException($"{DisplayName}: expected at least one sequence to fit the statistics on, got none.", nameof(sequences));
        }

        Store(acc);
    }

    /// <summary>Fits the statistics on a padded batch, ignoring the padded steps.</summary>
    /// <param name="batch">(B, T, F), B ≥ 1, T ≥ 1.</param>
    /// <param name="lengths">B lengths in 1 … T, or null (every step counts).</param>
    /// <exception cref="ArgumentException">The batch is not (B, T, F) or the lengths do not fit.</exception>
    public void FitStatistics(Tensor batch, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Rank != 3 || batch.Dims[2] != Features || batch.Dims[0] < 1 || batch.Dims[1] < 1)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a batch of shape (B, T, {Features}) with B ≥ 1 and T ≥ 1, got {Tensor.FormatShape(batch.Dims)}.",
                nameof(batch));
        }

        SequencePadding.CheckLengths(DisplayName, batch, lengths);
        int steps = batch.Dims[1];
        var acc = new Accumulator(Features);
        ReadOnlySpan<float> data = batch.AsReadOnlySpan();
        for (int b = 0; b < batch.Dims[0]; b++)
        {
            int len = lengths?[b] ?? steps;
            acc.AddRows(data.Slice(b * steps * Features, len * Features), len);
        }

        Store(acc);
    }

    /// <summary>Checks the feature count and normalizes.</summary>
    /// <param name="input">(B, T, F) with optional lengths, or (B, F).</param>
    /// <returns>The same shape, normalized, the lengths carried, zeros at padded steps.</returns>
    /// <exception cref="ArgumentException">The data does not have F features (the message names both counts), or the lengths do not fit.</exception>
    /// <exception cref="InvalidOperationException">A normalization is set but the statistics were never fitted.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        if (x.Rank is not (2 or 3) || x.Dims[^1] != Features)
        {
            string actual = x.Rank is 2 or 3 ? $"{x.Dims[^1]} features" : $"rank {x.Rank}";
            throw new ArgumentException(
                $"{DisplayName}: expected input (B, T, {Features}) — {Features} features per step —, got {Tensor.FormatShape(x.Dims)} ({actual}).",
                nameof(input));
        }

        SequencePadding.CheckLengths(DisplayName, x, input.Lengths);
        if (Normalization == Normalization.None)
        {
            return input;
        }

        if (!IsFitted)
        {
            throw new InvalidOperationException(
                $"{DisplayName}: the {Normalization} statistics are not fitted; call FitStatistics on the training data first (training does it).");
        }

        Tensor scale = ScaleVector();
        Tensor y = (x - _shift!) * scale;
        if (Normalization == Normalization.RescaleSymmetric)
        {
            y -= 1f;
        }

        return new SequenceBatch(SequencePadding.ZeroPadded(y, input.Lengths), input.Lengths);
    }

    /// <summary>[T, F] → [T, F] (also [F] → [F]).</summary>
    /// <exception cref="ArgumentException">The last length is not F.</exception>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length is not (1 or 2) || inputShape[^1] != Features)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a per-sample input shape [T, {Features}], got [{string.Join(", ", inputShape)}].", nameof(inputShape));
        }

        return (int[])inputShape.Clone();
    }

    /// <summary>Type "SequenceInput" with features and normalization (the statistics are buffers, not config).</summary>
    public override LayerConfig GetConfig() => new("SequenceInput", new JsonObject
    {
        ["features"] = Features,
        ["normalization"] = Normalization.ToString(),
    });

    /// <summary>The registry factory.</summary>
    internal static SequenceInput FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "features"),
        LayerArguments.Enum(config, "normalization", Normalization.None));

    /// <summary>The per-feature multiplier: 1/σ, 1/(max − min) or 2/(max − min).</summary>
    private Tensor ScaleVector()
    {
        var scale = new float[Features];
        ReadOnlySpan<float> shift = _shift!.AsReadOnlySpan();
        ReadOnlySpan<float> spread = _spread!.AsReadOnlySpan();
        float numerator = Normalization == Normalization.RescaleSymmetric ? 2f : 1f;
        for (int f = 0; f < Features; f++)
        {
            float width = Normalization == Normalization.ZScore ? spread[f] : spread[f] - shift[f];
            scale[f] = numerator / (width == 0f ? 1f : width);
        }

        return Tensor.Wrap(scale, [Features]);
    }

    private void Store(Accumulator acc)
    {
        if (Normalization == Normalization.None)
        {
            return;
        }

        Span<float> shift = _shift!.AsSpan();
        Span<float> spread = _spread!.AsSpan();
        for (int f = 0; f < Features; f++)
        {
            if (Normalization == Normalization.ZScore)
            {
                double mean = acc.Mean(f);
                double std = Math.Sqrt(acc.Variance(f));
                shift[f] = (float)mean;
                spread[f] = std <= 1e-12 * Math.Max(1.0, Math.Abs(mean)) ? 1f : (float)std;
            }
            else
            {
                shift[f] = acc.Min[f];
                spread[f] = acc.Max[f];
            }
        }

        _fitted!.AsSpan()[0] = 1f;
    }

    /// <summary>Per-feature count, mean and sum of squared deviations (Welford, in double), minimum and maximum.</summary>
    private sealed class Accumulator(int features)
    {
        private readonly double[] _mean = new double[features];
        private readonly double[] _m2 = new double[features];
        private long _count;

        public float[] Min { get; } = Enumerable.Repeat(float.PositiveInfinity, features).ToArray();

        public float[] Max { get; } = Enumerable.Repeat(float.NegativeInfinity, features).ToArray();

        public void AddRows(ReadOnlySpan<float> rows, int count)
        {
            int f = _mean.Length;
            for (int r = 0; r < count; r++)
            {
                _count++;
                ReadOnlySpan<float> row = rows.Slice(r * f, f);
                for (int j = 0; j < f; j++)
                {
                    double v = row[j];
                    double delta = v - _mean[j];
                    _mean[j] += delta / _count;
                    _m2[j] += delta * (v - _mean[j]);
                    Min[j] = Math.Min(Min[j], row[j]);
                    Max[j] = Math.Max(Max[j], row[j]);
                }
            }
        }

        public double Mean(int feature) => _mean[feature];

        public double Variance(int feature) => _count == 0 ? 0 : _m2[feature] / _count;
    }
}
