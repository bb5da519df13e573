namespace Recur.Losses;

/// <summary>Shared preconditions and reductions of the loss operations.</summary>
internal static class LossHelper
{
    /// <summary>Throws unless <paramref name="target"/> has <paramref name="pred"/>'s shape.</summary>
    public static void CheckSameShape(string loss, Tensor pred, Tensor target, string predName = "pred")
    {
        ArgumentNullException.ThrowIfNull(pred, predName);
        ArgumentNullException.ThrowIfNull(target);
        if (!pred.Dims.SequenceEqual(target.Dims))
        {
            throw new ArgumentException(
                $"{loss}: target must have the shape of {predName} {Tensor.FormatShape(pred.Dims)}; got {Tensor.FormatShape(target.Dims)}.",
                nameof(target));
        }
    }

    /// <summary>Throws unless <paramref name="reduction"/> is defined.</summary>
    public static void CheckReduction(string loss, Reduction reduction)
    {
        if (!Enum.IsDefined(reduction))
        {
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, $"{loss}: reduction must be Mean, Sum or None; got {reduction}.");
        }
    }

    /// <summary>
    /// The loss tensor: the per-element values with <paramref name="shape"/> for None, else a scalar of the
    /// double-precision sum (divided by <paramref name="count"/> for Mean).
    /// </summary>
    public static Tensor Reduce(double[] values, Reduction reduction, int[] shape, double count)
    {
        if (reduction == Reduction.None)
        {
            var data = new float[values.Length];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)values[i];
            }

            return Tensor.Wrap(data, shape);
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return Tensor.Wrap([(float)(reduction == Reduction.Mean ? sum / count : sum)], []);
    }

    /// <summary>The upstream gradient reaching element <paramref name="i"/> (dy, dy/count for Mean).</summary>
    public static float Upstream(ReadOnlySpan<float> dy, Reduction reduction, double count, int i) => reduction switch
    {
        Reduction.None => dy[i],
        Reduction.Sum => dy[0],
        _ => (float)(dy[0] / count),
    };
}
