using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// Softmax over the last axis (MATLAB's softmaxLayer): (B, F) → (B, F) or (B, T, F) → (B, T, F), the lengths carried
/// and the padded steps' outputs set to zero. No parameters.
/// </summary>
public sealed class Softmax : Layer
{
    /// <summary>y = softmax(x) over the last axis.</summary>
    /// <param name="input">(B, F) or (B, T, F) with optional lengths.</param>
    /// <returns>Same shape, rows summing to 1 (zeros at padded steps).</returns>
    /// <exception cref="ArgumentException">The data has rank below 2, or the lengths do not fit.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        if (x.Rank < 2)
        {
            throw new ArgumentException($"Softmax: expected input (B, F) or (B, T, F), got {Tensor.FormatShape(x.Dims)}.", nameof(input));
        }

        SequencePadding.CheckLengths(DisplayName, x, input.Lengths);
        return new SequenceBatch(SequencePadding.ZeroPadded(x.Softmax(), input.Lengths), input.Lengths);
    }

    /// <summary>The same shape.</summary>
    /// <exception cref="ArgumentException">The shape is empty.</exception>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0)
        {
            throw new ArgumentException("Softmax: expected a per-sample input shape [F] or [T, F], got [].", nameof(inputShape));
        }

        return (int[])inputShape.Clone();
    }

    /// <summary>Type "Softmax", no arguments.</summary>
    public override LayerConfig GetConfig() => new("Softmax", []);
}
