using System.Text.Json.Nodes;
using Recur.Autograd.Ops;

namespace Recur.Layers;

/// <summary>
/// Max pooling over time (PyTorch's <c>nn.MaxPool1d</c> on channels-last data, no padding):
/// input (B, T, C) → output (B, T', C) with T' = ⌊(T − p) / s⌋ + 1 (needs T ≥ p), output step j taking the maximum of
/// steps j·s … j·s + p − 1 per channel. Each sequence's length L becomes L' = ⌊(L − p) / s⌋ + 1, or 1 when L &lt; p
/// (that one window then covers the L valid steps). Windows never reach past a sequence's length, so padded steps never
/// win the max; output steps t ≥ L' are zero. The gradient goes to the arg-max of each window. No parameters.
/// </summary>
public sealed class MaxPool1D : Layer
{
    private readonly int? _strideArgument;

    /// <summary>Creates the layer.</summary>
    /// <param name="poolSize">p, the window length (≥ 1).</param>
    /// <param name="stride">s, the step between windows (≥ 1); null (default) means p.</param>
    /// <exception cref="ArgumentOutOfRangeException">poolSize or stride is below 1.</exception>
    public MaxPool1D(int poolSize, int? stride = null)
    {
        if (poolSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, $"MaxPool1D: poolSize must be ≥ 1; got {poolSize}.");
        }

        if (stride is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"MaxPool1D: stride must be ≥ 1 (or null for poolSize); got {stride}.");
        }

        PoolSize = poolSize;
        _strideArgument = stride;
        Stride = stride ?? poolSize;
    }

    /// <summary>p, the window length.</summary>
    public int PoolSize { get; }

    /// <summary>s, the step between windows.</summary>
    public int Stride { get; }

    /// <inheritdoc/>
    public override string DisplayName => $"MaxPool1D({PoolSize})";

    /// <summary>The output length for an input length L: ⌊(L − p)/s⌋ + 1, or 1 when L &lt; p.</summary>
    public int OutputLength(int inputLength) => inputLength < PoolSize ? 1 : ((inputLength - PoolSize) / Stride) + 1;

    /// <summary>Pools over time.</summary>
    /// <param name="input">(B, T, C) with T ≥ poolSize; lengths (B) or null.</param>
    /// <returns>(B, T', C) with lengths mapped (null stays null).</returns>
    /// <exception cref="ArgumentException">The data is not (B, T, C), T is below poolSize, or the lengths do not fit.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        if (x.Rank != 3 || x.Dims[1] < PoolSize)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected data of shape (B, T, C) with T ≥ {PoolSize} (poolSize); got {Tensor.FormatShape(x.Dims)}.",
                nameof(input));
        }

        int batch = x.Dims[0];
        int time = x.Dims[1];
        LengthCheck.Check(input.Lengths, batch, time, DisplayName, nameof(input));
        var inLengths = new int[batch];
        var outLengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            inLengths[b] = LengthCheck.Of(input.Lengths, b, time);
            outLengths[b] = OutputLength(inLengths[b]);
        }

        Tensor y = MaxPool1DOp.Forward(x, PoolSize, Stride, OutputLength(time), inLengths, outLengths);
        return new SequenceBatch(y, input.Lengths is null ? null : outLengths);
    }

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 2 || inputShape[0] < -1 || (inputShape[0] >= 0 && inputShape[0] < PoolSize))
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a sample shape [T, C] with T ≥ {PoolSize} (poolSize) or T = −1; got {Tensor.FormatShape(inputShape)}.",
                nameof(inputShape));
        }

        return [inputShape[0] < 0 ? -1 : OutputLength(inputShape[0]), inputShape[1]];
    }

    /// <inheritdoc/>
    public override LayerConfig GetConfig() => new("MaxPool1D", new JsonObject
    {
        ["poolSize"] = PoolSize,
        ["stride"] = _strideArgument,
    });

    /// <summary>The registry factory.</summary>
    internal static MaxPool1D FromConfig(LayerConfig config) => new(
        LayerArguments.Int(config, "poolSize"),
        LayerArguments.Int(config, "stride", null));
}
