using Recur.Autograd.Ops;

namespace Recur.Layers;

/// <summary>
/// Helpers for right-padded, batch-first sequence batches (B, T, …) with lengths: validation, zeroing the padded
/// steps and reversing each sequence within its own valid length.
/// </summary>
internal static class SequencePadding
{
    /// <summary>
    /// Checks that <paramref name="lengths"/> (if any) holds B values in 1 … T for the (B, T, …) <paramref name="data"/>.
    /// </summary>
    /// <param name="layer">The layer's display name, for messages.</param>
    /// <param name="data">(B, T, …).</param>
    /// <param name="lengths">B lengths or null.</param>
    /// <exception cref="ArgumentException">Wrong count or a length outside 1 … T.</exception>
    public static void CheckLengths(string layer, Tensor data, int[]? lengths)
    {
        if (lengths is null)
        {
            return;
        }

        if (data.Rank < 3)
        {
            throw new ArgumentException(
                $"{layer}: lengths apply to sequence batches (B, T, F) only; got data of shape {Tensor.FormatShape(data.Dims)} with lengths.",
                nameof(lengths));
        }

        int batch = data.Dims[0];
        int steps = data.Dims[1];
        if (lengths.Length != batch)
        {
            throw new ArgumentException(
                $"{layer}: expected lengths of shape ({batch},) (one per sequence of the batch), got ({lengths.Length},).", nameof(lengths));
        }

        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] < 1 || lengths[b] > steps)
            {
                throw new ArgumentOutOfRangeException(nameof(lengths), $"{layer}: lengths[{b}] = {lengths[b]} must be in [1, T = {steps}].");
            }
        }
    }

    /// <summary>True when some sequence is shorter than T.</summary>
    public static bool HasPadding(Tensor data, int[]? lengths)
    {
        if (lengths is null || data.Rank < 3)
        {
            return false;
        }

        int steps = data.Dims[1];
        foreach (int len in lengths)
        {
            if (len < steps)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="data"/> (B, T, …) with the steps t ≥ lengths[b] set to zero (recorded for autograd; the padded
    /// inputs get zero gradient); <paramref name="data"/> itself when there is no padding.
    /// </summary>
    public static Tensor ZeroPadded(Tensor data, int[]? lengths) =>
        HasPadding(data, lengths) ? PaddingMaskOp.Forward(data, lengths!) : data;

    /// <summary>
    /// Reverses every sequence of the (B, T, …) batch within its own valid length: y[b, t] = x[b, lengths[b] − 1 − t]
    /// for t &lt; lengths[b]; padded steps stay where they are (y[b, t] = x[b, t] for t ≥ lengths[b]). The map is its
    /// own inverse. Recorded for autograd (a gather).
    /// </summary>
    public static Tensor ReverseValid(Tensor data, int[]? lengths)
    {
        int batch = data.Dims[0];
        int steps = data.Dims[1];
        int[] shape = data.Shape;
        var flatShape = new int[shape.Length - 1];
        flatShape[0] = batch * steps;
        Array.Copy(shape, 2, flatShape, 1, shape.Length - 2);
        var indices = new int[batch * steps];
        for (int b = 0; b < batch; b++)
        {
            int len = lengths?[b] ?? steps;
            for (int t = 0; t < steps; t++)
            {
                indices[(b * steps) + t] = (b * steps) + (t < len ? len - 1 - t : t);
            }
        }

        return data.Reshape(flatShape).IndexSelect(0, indices).Reshape(shape);
    }
}
