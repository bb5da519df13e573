namespace Recur.Modules;

/// <summary>Argument checks and PyTorch-style initialisation shared by <see cref="GruCell"/> and <see cref="RnnCell"/>.</summary>
internal static class RnnCellSupport
{
    /// <summary>Throws unless both sizes are at least 1.</summary>
    public static void CheckSizes(string module, int inputSize, int hiddenSize)
    {
        if (inputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"{module}: inputSize must be ≥ 1; got {inputSize}.");
        }

        if (hiddenSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, $"{module}: hiddenSize must be ≥ 1; got {hiddenSize}.");
        }
    }

    /// <summary>
    /// weight_ih (rows, I), weight_hh (rows, H) and, with bias, bias_ih, bias_hh (rows): every value
    /// U(−1/√H, 1/√H) (PyTorch's RNN init), drawn in that order from one counter-based stream.
    /// </summary>
    public static Tensor[] CreateParameters(int rows, int inputSize, int hiddenSize, bool bias, ulong seed)
    {
        float bound = 1f / MathF.Sqrt(hiddenSize);
        ulong offset = 0;
        Tensor Draw(params int[] shape)
        {
            var data = new float[Tensor.CheckShape(shape, "RnnCell")];
            CounterRandom.FillUniform(data, seed, offset, -bound, bound);
            offset += (ulong)data.Length;
            return Tensor.Wrap(data, shape);
        }

        Tensor wih = Draw(rows, inputSize);
        Tensor whh = Draw(rows, hiddenSize);
        return bias ? [wih, whh, Draw(rows), Draw(rows)] : [wih, whh];
    }

    /// <summary>Checks x (B, I) and h (B, H) or null; returns h, or zeros (B, H) when null.</summary>
    public static Tensor CheckInputs(string module, Tensor x, Tensor? h, int inputSize, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Dims[1] != inputSize)
        {
            throw new ArgumentException($"{module}: expected x of shape (B, {inputSize}), got {Tensor.FormatShape(x.Dims)}.", nameof(x));
        }

        int batch = x.Dims[0];
        if (h is null)
        {
            return Tensor.Zeros(batch, hiddenSize);
        }

        if (h.Rank != 2 || h.Dims[0] != batch || h.Dims[1] != hiddenSize)
        {
            throw new ArgumentException(
                $"{module}: expected h of shape ({batch}, {hiddenSize}) for x of shape {Tensor.FormatShape(x.Dims)}, got {Tensor.FormatShape(h.Dims)}.",
                nameof(h));
        }

        return h;
    }
}
