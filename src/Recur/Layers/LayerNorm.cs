using System.Globalization;
using System.Text.Json.Nodes;
using Recur.Autograd.Ops;

namespace Recur.Layers;

/// <summary>
/// Layer normalization over the last axis (PyTorch's <c>nn.LayerNorm(features)</c>): each feature vector x (F values)
/// becomes (x − mean) / √(var + ε) ⊙ weight + bias, with the biased variance (divided by F).
/// Input (B, F) or (B, T, F) → output of the same shape. Parameters (when <c>elementwiseAffine</c>):
/// <c>weight</c> (F), initialised to ones, and <c>bias</c> (F), initialised to zeros.
/// With lengths, padded steps (t ≥ lengths[b]) give zeros and never affect valid steps; lengths are carried.
/// </summary>
public sealed class LayerNorm : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="features">F, the length of the normalized last axis (≥ 1).</param>
    /// <param name="epsilon">ε added to the variance (&gt; 0; default 1e-5 as PyTorch).</param>
    /// <param name="elementwiseAffine">Whether the layer has the learned <c>weight</c> and <c>bias</c> (default true).</param>
    /// <exception cref="ArgumentOutOfRangeException">features is below 1 or epsilon is not a positive finite number.</exception>
    public LayerNorm(int features, float epsilon = 1e-5f, bool elementwiseAffine = true)
    {
        if (features < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(features), features, $"LayerNorm: features must be ≥ 1; got {features}.");
        }

        if (!(epsilon > 0f) || !float.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon,
                $"LayerNorm: epsilon must be a positive finite number; got {epsilon.ToString(CultureInfo.InvariantCulture)}.");
        }

        Features = features;
        Epsilon = epsilon;
        ElementwiseAffine = elementwiseAffine;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(features));
            Bias = RegisterParameter("bias", Tensor.Zeros(features));
        }
    }

    /// <summary>F, the normalized axis length.</summary>
    public int Features { get; }

    /// <summary>ε added to the variance.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the layer has a learned weight and bias.</summary>
    public bool ElementwiseAffine { get; }

    /// <summary>The scale (F), or null without elementwise affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>The shift (F), or null without elementwise affine.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override string DisplayName => $"LayerNorm({Features})";

    /// <summary>Normalizes each feature vector.</summary>
    /// <param name="input">Data (B, F) or (B, T, F); lengths (B) or null.</param>
    /// <returns>The same shape and lengths; padded steps are zeros.</returns>
    /// <exception cref="ArgumentException">The data is not (B, F) or (B, T, F) with the last axis F, or the lengths do not fit.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        CheckInput(x.Dims, nameof(input));
        int time = x.Rank == 3 ? x.Dims[1] : 1;
        int[]? lengths = x.Rank == 3 ? input.Lengths : null;
        LengthCheck.Check(lengths, x.Dims[0], time, DisplayName, nameof(input));
        return new SequenceBatch(LayerNormOp.Forward(x, Weight, Bias, Epsilon, lengths, time), input.Lengths);
    }

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length is < 1 or > 2 || inputShape[^1] != Features)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a sample shape [F] or [T, F] with F = {Features}; got {Tensor.FormatShape(inputShape)}.",
                nameof(inputShape));
        }

        return (int[])inputShape.Clone();
    }

    /// <inheritdoc/>
    public override LayerConfig GetConfig() => new("LayerNorm", new JsonObject
    {
        ["features"] = Features,
        ["epsilon"] = Epsilon,
        ["elementwiseAffine"] = ElementwiseAffine,
    });

    /// <summary>The registry factory.</summary>
    internal static LayerNorm FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "features"),
        LayerArguments.Float(config, "epsilon", 1e-5f),
        LayerArguments.Bool(config, "elementwiseAffine", true));

    private void CheckInput(ReadOnlySpan<int> dims, string paramName)
    {
        if (dims.Length is < 2 or > 3 || dims[^1] != Features)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected data of shape (B, {Features}) or (B, T, {Features}); got {Tensor.FormatShape(dims)}.",
                paramName);
        }
    }
}
