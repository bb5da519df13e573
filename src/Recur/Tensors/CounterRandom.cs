namespace Recur;

/// <summary>
/// A counter-based pseudo-random generator: value number <c>i</c> of stream <c>seed</c> is a fixed hash of
/// (seed, i), so any slice can be generated on any thread with identical results.
/// The hash is two rounds of the SplitMix64 finalizer over the seed and the counter.
/// </summary>
public static class CounterRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The 64-bit hash of (seed, index).</summary>
    public static ulong Next(ulong seed, ulong index)
    {
        ulong z = Mix(seed + Golden) ^ (index * Golden + 0xD1B54A32D192ED03UL);
        return Mix(Mix(z));
    }

    /// <summary>A float uniform in [0, 1) with 24 random bits.</summary>
    public static float Uniform01(ulong seed, ulong index) => (Next(seed, index) >> 40) * (1f / 16777216f);

    /// <summary>Fills <paramref name="destination"/> with uniform values in [low, high), counters starting at <paramref name="offset"/>.</summary>
    public static void FillUniform(Span<float> destination, ulong seed, ulong offset, float low, float high)
    {
        float scale = high - low;
        for (int i = 0; i < destination.Length; i++)
        {
            float v = low + scale * Uniform01(seed, offset + (ulong)i);
            destination[i] = v < high ? v : low; // guard rounding up to high
        }
    }

    /// <summary>Fills <paramref name="destination"/> with normal values (Box–Muller; element i uses counters 2(offset+i) and 2(offset+i)+1).</summary>
    public static void FillNormal(Span<float> destination, ulong seed, ulong offset, float mean, float std)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            ulong c = 2 * (offset + (ulong)i);
            // 53-bit uniforms in (0, 1] and [0, 1).
            double u1 = ((Next(seed, c) >> 11) + 1) * (1.0 / 9007199254740992.0);
            double u2 = (Next(seed, c + 1) >> 11) * (1.0 / 9007199254740992.0);
            double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            destination[i] = (float)(mean + std * z);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
