using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// Flattens each sample into one vector (Keras's Flatten): (B, T, F) → (B, T·F) (row-major: step 0's features first),
/// any (B, d1, …, dk) → (B, d1·…·dk); (B, F) passes unchanged. The lengths are dropped: the padded steps' values (zero
/// after recurrent, dense and softmax layers) become part of the vector, so T must be the same for every batch the
/// following layer sees. No parameters.
/// </summary>
public sealed class Flatten : Layer
{
    /// <summary>Reshapes (B, …) to (B, product of the rest).</summary>
    /// <param name="input">(B, d1, …, dk), k ≥ 1.</param>
    /// <returns>(B, d1·…·dk) without lengths.</returns>
    /// <exception cref="ArgumentException">The data has rank below 2.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        if (x.Rank < 2)
        {
            throw new ArgumentException($"Flatten: expected input (B, T, F) or (B, F), got {Tensor.FormatShape(x.Dims)}.", nameof(input));
        }

        if (x.Rank == 2)
        {
            return new SequenceBatch(x);
        }

        int batch = x.Dims[0];
        return new SequenceBatch(x.Reshape(batch, batch == 0 ? 0 : x.Length / batch));
    }

    /// <summary>[d1, …, dk] → [d1·…·dk]; −1 (unknown) when some length is −1.</summary>
    /// <exception cref="ArgumentException">The shape is empty.</exception>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0)
        {
            throw new ArgumentException("Flatten: expected a per-sample input shape [T, F] or [F], got [].", nameof(inputShape));
        }

        long product = 1;
        foreach (int d in inputShape)
        {
            if (d < 0)
            {
                return [-1];
            }

            product *= d;
        }

        return [(int)product];
    }

    /// <summary>Type "Flatten", no arguments.</summary>
    public override LayerConfig GetConfig() => new("Flatten", []);
}
