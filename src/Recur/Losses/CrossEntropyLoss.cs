namespace Recur.Losses;

/// <summary>
/// Cross-entropy from unnormalised logits, PyTorch's <c>nn.CrossEntropyLoss</c> with class-index targets:
/// with log p = log_softmax(logits) and smoothed targets q_c = (1 − ε)·[c = t] + ε/C, each sample's loss is
/// −Σ_c w_c'·q_c·log p_c where the target term is weighted by w_t and the smoothing term by w_c. Mean divides by
/// the sum of the target weights of the kept samples (the number of kept samples without weights); samples whose
/// target equals <see cref="IgnoreIndex"/> contribute nothing. Usage: <c>new CrossEntropyLoss().Forward(logits, targets)</c>.
/// </summary>
public sealed class CrossEntropyLoss
{
    private readonly float[]? _weights;

    /// <summary>Creates the loss.</summary>
    /// <param name="weights">Per-class weights (length C, each ≥ 0), or null (default) for all ones.</param>
    /// <param name="labelSmoothing">ε in [0, 1] (default 0).</param>
    /// <param name="ignoreIndex">A target value to skip, or null (default) to skip nothing. PyTorch's default is −100.</param>
    /// <param name="reduction">Mean (default), Sum, or None (one value per sample, shape (B), 0 for ignored samples).</param>
    /// <exception cref="ArgumentOutOfRangeException">labelSmoothing is outside [0, 1] or a weight is negative or not finite.</exception>
    public CrossEntropyLoss(float[]? weights = null, float labelSmoothing = 0f, int? ignoreIndex = null, Reduction reduction = Reduction.Mean)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing,
                $"CrossEntropyLoss: labelSmoothing must be in [0, 1]; got {labelSmoothing}.");
        }

        if (weights is not null)
        {
            for (int c = 0; c < weights.Length; c++)
            {
                if (!(weights[c] >= 0f) || float.IsInfinity(weights[c]))
                {
                    throw new ArgumentOutOfRangeException(nameof(weights), weights[c],
                        $"CrossEntropyLoss: weights must be finite and ≥ 0; weights[{c}] is {weights[c]}.");
                }
            }

            _weights = (float[])weights.Clone();
        }

        LossHelper.CheckReduction(nameof(CrossEntropyLoss), reduction);
        LabelSmoothing = labelSmoothing;
        IgnoreIndex = ignoreIndex;
        Reduction = reduction;
    }

    /// <summary>A copy of the class weights, or null.</summary>
    public float[]? Weights => (float[]?)_weights?.Clone();

    /// <summary>The label smoothing ε.</summary>
    public float LabelSmoothing { get; }

    /// <summary>The ignored target value, or null.</summary>
    public int? IgnoreIndex { get; }

    /// <summary>The reduction applied.</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of <paramref name="logits"/> against class indices.</summary>
    /// <param name="logits">Unnormalised scores (B, C).</param>
    /// <param name="targets">Class indices (length B), each in [0, C) or equal to the ignore index.</param>
    /// <returns>Shape () for Mean/Sum; (B) for None. Gradients flow to logits only.</returns>
    /// <exception cref="ArgumentException">logits is not (B, C), targets has the wrong length, or weights the wrong count.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, C).</exception>
    public Tensor Forward(Tensor logits, int[] targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.Rank != 2)
        {
            throw new ArgumentException(
                $"CrossEntropyLoss: logits must have shape (batch, classes); got {Tensor.FormatShape(logits.Dims)}.", nameof(logits));
        }

        int batch = logits.Dims[0];
        int classes = logits.Dims[1];
        if (targets.Length != batch)
        {
            throw new ArgumentException(
                $"CrossEntropyLoss: targets must have one class index per row of logits ({batch}); got {targets.Length}.", nameof(targets));
        }

        if (_weights is not null && _weights.Length != classes)
        {
            throw new ArgumentException(
                $"CrossEntropyLoss: weights has {_weights.Length} entries but logits has {classes} classes.", nameof(logits));
        }

        for (int b = 0; b < batch; b++)
        {
            int t = targets[b];
            if ((uint)t >= (uint)classes && t != IgnoreIndex)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t,
                    $"CrossEntropyLoss: targets[{b}] must be a class index in [0, {classes}); got {t}.");
            }
        }

        return CrossEntropyLossOp.Forward(logits, (int[])targets.Clone(), _weights, LabelSmoothing, IgnoreIndex, Reduction);
    }

    /// <summary>The loss against class indices stored as whole numbers in a tensor of shape (B).</summary>
    /// <param name="logits">Unnormalised scores (B, C).</param>
    /// <param name="targets">Class indices (B); each value must be a whole number.</param>
    /// <returns>Shape () for Mean/Sum; (B) for None.</returns>
    /// <exception cref="ArgumentException">targets is not one-dimensional or holds a non-integer value.</exception>
    public Tensor Forward(Tensor logits, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Rank != 1)
        {
            throw new ArgumentException(
                $"CrossEntropyLoss: targets must be a tensor of shape (batch); got {Tensor.FormatShape(targets.Dims)}.", nameof(targets));
        }

        ReadOnlySpan<float> v = targets.AsReadOnlySpan();
        var indices = new int[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] != MathF.Round(v[i]) || Math.Abs(v[i]) > int.MaxValue)
            {
                throw new ArgumentException($"CrossEntropyLoss: targets[{i}] must be a whole class index; got {v[i]}.", nameof(targets));
            }

            indices[i] = (int)v[i];
        }

        return Forward(logits, indices);
    }
}
