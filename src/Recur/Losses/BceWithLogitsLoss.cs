namespace Recur.Losses;

/// <summary>
/// Binary cross-entropy on logits, PyTorch's <c>nn.BCEWithLogitsLoss</c>: with σ the logistic function,
/// ℓ = −[p·t·log σ(z) + (1 − t)·log(1 − σ(z))], computed stably as max(z, 0) − z·t + log(1 + e^(−|z|)) when p = 1;
/// reduced by <see cref="Reduction"/> (default mean over all elements). Targets are probabilities in [0, 1].
/// Gradients flow to logits and target. Usage: <c>new BceWithLogitsLoss().Forward(logits, target)</c>.
/// </summary>
public sealed class BceWithLogitsLoss
{
    private readonly float[]? _posWeight;

    /// <summary>Creates the loss.</summary>
    /// <param name="posWeight">Weight p of the positive term per class (broadcast over the last axis, length = its size),
    /// or null (default) for 1.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException">A positive weight is negative or not finite.</exception>
    public BceWithLogitsLoss(float[]? posWeight = null, Reduction reduction = Reduction.Mean)
    {
        if (posWeight is not null)
        {
            for (int c = 0; c < posWeight.Length; c++)
            {
                if (!(posWeight[c] >= 0f) || float.IsInfinity(posWeight[c]))
                {
                    throw new ArgumentOutOfRangeException(nameof(posWeight), posWeight[c],
                        $"BceWithLogitsLoss: posWeight must be finite and ≥ 0; posWeight[{c}] is {posWeight[c]}.");
                }
            }

            _posWeight = (float[])posWeight.Clone();
        }

        LossHelper.CheckReduction(nameof(BceWithLogitsLoss), reduction);
        Reduction = reduction;
    }

    /// <summary>A copy of the positive weights, or null.</summary>
    public float[]? PosWeight => (float[]?)_posWeight?.Clone();

    /// <summary>The reduction applied.</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of <paramref name="logits"/> against <paramref name="target"/>.</summary>
    /// <param name="logits">Scores z, any shape (rank ≥ 1 with posWeight).</param>
    /// <param name="target">Targets t, the shape of logits.</param>
    /// <returns>Shape () for Mean/Sum; logits' shape for None.</returns>
    /// <exception cref="ArgumentException">The shapes differ, or posWeight does not match the last axis.</exception>
    public Tensor Forward(Tensor logits, Tensor target)
    {
        LossHelper.CheckSameShape(nameof(BceWithLogitsLoss), logits, target, nameof(logits));
        if (_posWeight is not null && (logits.Rank == 0 || logits.Dims[^1] != _posWeight.Length))
        {
            throw new ArgumentException(
                $"BceWithLogitsLoss: posWeight has {_posWeight.Length} entries but logits has shape {Tensor.FormatShape(logits.Dims)} (its last axis must match).",
                nameof(logits));
        }

        return BceWithLogitsLossOp.Forward(logits, target, _posWeight, Reduction);
    }
}
