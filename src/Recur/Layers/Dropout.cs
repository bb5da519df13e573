using System.Globalization;
using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// Inverted dropout (Keras's and MATLAB's dropout layer): in training mode each element is zeroed with probability p
/// and the survivors are scaled by 1/(1 − p); in evaluation mode (after <c>Eval()</c>) the input passes unchanged.
/// Any shape, (B, F) or (B, T, F); the lengths are carried. Masks are deterministic: call n uses the seed
/// mix(seed, n), so the same seed and the same sequence of calls give the same masks, and every call a fresh mask.
/// No parameters.
/// </summary>
public sealed class Dropout : Layer, IStochasticLayer
{
    /// <summary>The default mask seed.</summary>
    public const ulong DefaultSeed = 0x5EED_0D0FUL;

    private ulong _calls;
    private ulong _streamSeed;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">The drop probability in [0, 1).</param>
    /// <param name="seed">The mask seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1).</exception>
    public Dropout(float p, ulong seed = DefaultSeed)
    {
        if (!(p >= 0f && p < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"Dropout: the drop probability p must be in [0, 1); got {p}.");
        }

        P = p;
        Seed = seed;
        _streamSeed = seed;
    }

    /// <summary>The drop probability.</summary>
    public float P { get; }

    /// <summary>The mask seed.</summary>
    public ulong Seed { get; }

    /// <inheritdoc/>
    public override string DisplayName => string.Create(CultureInfo.InvariantCulture, $"Dropout({P})");

    /// <summary>x ⊙ mask / (1 − p) in training mode (a fresh mask per call), x in evaluation mode.</summary>
    /// <param name="input">Any shape with optional lengths.</param>
    /// <returns>The same shape, the lengths carried.</returns>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsTraining || P == 0f)
        {
            return input;
        }

        ulong seed = CounterRandom.Next(_streamSeed, _calls++);
        return new SequenceBatch(input.Data.Dropout(P, seed, training: true), input.Lengths);
    }

    /// <summary>The same shape.</summary>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return (int[])inputShape.Clone();
    }

    /// <summary>Type "Dropout" with p and seed.</summary>
    public override LayerConfig GetConfig() => new("Dropout", new JsonObject { ["p"] = P, ["seed"] = Seed });

    /// <summary>The registry factory.</summary>
    internal static Dropout FromConfig(LayerConfig config) =>
        new(LayerArguments.Float(config, "p"), LayerArguments.ULong(config, "seed", DefaultSeed));

    /// <summary>Restarts the mask stream from <paramref name="seed"/> (the configured <see cref="Seed"/> is kept for the model file).</summary>
    public void Reseed(ulong seed)
    {
        _streamSeed = seed;
        _calls = 0;
    }
}
