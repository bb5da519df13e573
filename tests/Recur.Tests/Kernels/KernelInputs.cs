namespace Recur.Tests.Kernels;

/// <summary>Deterministic inputs for kernel tests: special magnitudes mixed with random values of many scales.</summary>
internal static class KernelInputs
{
    /// <summary>Values every kernel must get right: 0, ±1e-6, ±100, the hard-sigmoid kinks, exp's overflow edge.</summary>
    public static readonly float[] Notable =
    [
        0f, -0f, 1e-6f, -1e-6f, 100f, -100f, 2.5f, -2.5f, 2.4999998f, -2.4999998f, 2.5000002f, -2.5000002f,
        1f, -1f, 0.625f, -0.625f, 0.6249999f, 88.72f, -87.3f, 20f, -20f, 9f, -9f, 1e-30f, -1e-30f, 0.5f, -0.5f,
    ];

    /// <summary>n values: Notable ones and random values of magnitude 1e-8 .. 150, both signs.</summary>
    public static float[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            int kind = rng.Next(4);
            x[i] = kind switch
            {
                0 => Notable[rng.Next(Notable.Length)],
                1 => (float)(rng.NextDouble() * 20 - 10),
                2 => (float)(rng.NextDouble() * 6 - 3),
                _ => (float)((rng.Next(2) == 0 ? -1 : 1) * Math.Pow(10, rng.NextDouble() * 10.2 - 8)),
            };
        }

        return x;
    }

    /// <summary>n random values uniform in [lo, hi).</summary>
    public static float[] Uniform(int n, int seed, double lo, double hi)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)(lo + rng.NextDouble() * (hi - lo));
        }

        return x;
    }

    /// <summary>Copies values into a fresh array at the given offset, padding both ends with a sentinel.</summary>
    public static float[] Padded(float[] values, int offset, float sentinel)
    {
        var a = new float[values.Length + offset + 3];
        Array.Fill(a, sentinel);
        values.CopyTo(a, offset);
        return a;
    }
}
