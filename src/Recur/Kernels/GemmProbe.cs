using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Kernels;

/// <summary>
/// Measures <see cref="Gemm"/> the way the shared PyTorch benchmark measures torch.mm/addmm (warm-up ≥ 2 calls
/// and ≥ 0.2 s, then timed repeats, median and min; a GC before each entry). Returns records; never prints.
/// </summary>
public static class GemmProbe
{
    /// <summary>Square sizes measured as "sgemm N".</summary>
    public static IReadOnlyList<int> SquareSizes { get; } = [256, 512, 1024, 2048, 4096];

    /// <summary>The (M, K, N) shapes PyTorch's benchmark times as "addmm MxKxN" (K inner).</summary>
    public static IReadOnlyList<(int M, int K, int N)> TorchRnnShapes { get; } =
    [
        (1, 32, 128), (32, 64, 256), (32, 128, 512), (64, 256, 1024), (16, 512, 2048),
        (64, 512, 2048), (32, 1024, 4096), (64, 1024, 4096), (25 * 64, 1024, 4096),
    ];

    /// <summary>The recurrent shapes of a run: torch's shapes plus M ∈ {1, 8, 16, 32, 64} × H ∈ 32..1024 (N = 4H, K = H).</summary>
    public static IReadOnlyList<(int M, int K, int N)> RnnShapes(bool quick)
    {
        if (quick)
        {
            return [(1, 32, 128), (32, 128, 512), (64, 256, 1024), (16, 512, 2048), (64, 1024, 4096)];
        }

        var shapes = new List<(int M, int K, int N)>(TorchRnnShapes);
        foreach (int h in new[] { 32, 64, 128, 256, 512, 1024 })
        {
            foreach (int m in new[] { 1, 8, 16, 32, 64 })
            {
                if (!shapes.Contains((m, h, 4 * h)))
                {
                    shapes.Add((m, h, 4 * h));
                }
            }
        }

        shapes.Sort((x, y) => (x.K, x.M, x.N).CompareTo((y.K, y.M, y.N)));
        return shapes;
    }

    /// <summary>
    /// Runs the grid: square products (256–4096; up to 2048 in quick mode) then the recurrent shapes, using up to
    /// <paramref name="threads"/> threads. <paramref name="onEntry"/> sees each entry as soon as it is measured.
    /// </summary>
    public static IReadOnlyList<GemmProbeEntry> Run(int threads, bool quick, Action<GemmProbeEntry>? onEntry = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int saved = Parallelism.MaxThreads;
        var entries = new List<GemmProbeEntry>();
        try
        {
            Parallelism.MaxThreads = threads;
            foreach (int n in SquareSizes)
            {
                if (quick && n > 2048)
                {
                    continue;
                }

                GemmProbeEntry e = MeasureSquare(n, quick);
                entries.Add(e);
                onEntry?.Invoke(e);
            }

            foreach ((int m, int k, int n) in RnnShapes(quick))
            {
                GemmProbeEntry e = MeasureRnn(m, k, n, quick);
                entries.Add(e);
                onEntry?.Invoke(e);
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }

        return entries;
    }

    /// <summary>Times C = A·B for square n×n matrices ("sgemm n").</summary>
    public static GemmProbeEntry MeasureSquare(int n, bool quick)
    {
        var rng = new Random(0);
        float[] a = RandomArray(rng, n * n);
        float[] b = RandomArray(rng, n * n);
        float[] c = new float[n * n];
        double target = quick ? 0.3 : (n <= 2048 ? 1.5 : 3.0);
        (double med, double min, int reps, int batch) = Time(() => Gemm.Sgemm(c, a, b, n, n, n), quick, target);
        return Entry($"sgemm {n}", "gemm", n, n, n, med, min, reps, batch);
    }

    /// <summary>
    /// Times one recurrent-step product as addmm does it: C (m, n) = h (m, k) · Wᵀ + bias with W (n, k) packed
    /// once (<see cref="PackedMatrix"/>); the bias is copied into C's rows and the product accumulated (β = 1).
    /// </summary>
    public static GemmProbeEntry MeasureRnn(int m, int k, int n, bool quick)
    {
        var rng = new Random(0);
        float[] h = RandomArray(rng, m * k);
        float[] w = RandomArray(rng, n * k);
        float[] bias = RandomArray(rng, n);
        float[] c = new float[m * n];
        PackedMatrix packed = PackedMatrix.FromWeight(w, n, k);
        (double med, double min, int reps, int batch) = Time(
            () =>
            {
                Span<float> cs = c;
                for (int i = 0; i < m; i++)
                {
                    bias.CopyTo(cs.Slice(i * n, n));
                }

                Gemm.Sgemm(c, h, packed, m, 1f, 1f);
            },
            quick,
            quick ? 0.1 : 0.3);
        return Entry($"sgemm_rnn {m}x{k}x{n}", "gemm_rnn", m, n, k, med, min, reps, batch);
    }

    /// <summary>
    /// Builds the benchmark JSON (schema <c>rnn-bench/1</c>) with the entries under <c>peak</c> and no RNN cases.
    /// </summary>
    public static string ToJson(IReadOnlyList<GemmProbeEntry> entries, int threads, bool quick, double elapsedSeconds)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new JsonArray();
        double max = 0;
        foreach (GemmProbeEntry e in entries)
        {
            if (e.Kind == "gemm")
            {
                max = Math.Max(max, e.Gflops);
            }

            list.Add(new JsonObject
            {
                ["name"] = e.Name, ["kind"] = e.Kind, ["M"] = e.M, ["N"] = e.N, ["K"] = e.K,
                ["median_ms"] = Math.Round(e.MedianMs, 6), ["min_ms"] = Math.Round(e.MinMs, 6),
                ["gflops"] = Math.Round(e.Gflops, 2), ["reps"] = e.Reps, ["calls_per_rep"] = e.CallsPerRep,
            });
        }

        var root = new JsonObject
        {
            ["schema"] = "rnn-bench/1",
            ["impl"] = $"recur {typeof(Gemm).Assembly.GetName().Version} (C# Gemm.Sgemm, {Gemm.Level} kernels)",
            ["machine"] = new JsonObject
            {
                ["cpu"] = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(),
                ["logical_cpus"] = Environment.ProcessorCount,
                ["avx512"] = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["server_gc"] = System.Runtime.GCSettings.IsServerGC,
            },
            ["torch_version"] = Environment.Version.ToString(),
            ["threads"] = threads,
            ["quick"] = quick,
            ["elapsed_s"] = Math.Round(elapsedSeconds, 1),
            ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["peak"] = new JsonObject { ["gemm_gflops_max"] = Math.Round(max, 2), ["entries"] = list },
            ["cases"] = new JsonArray(),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static GemmProbeEntry Entry(string name, string kind, int m, int n, int k, double med, double min, int reps, int batch)
        => new(name, kind, m, n, k, med, min, 2.0 * m * n * k / (med * 1e6), reps, batch);

    /// <summary>
    /// Warm-up (≥ 2 calls, ≥ 0.2 s; AggressiveOptimization kernels are fully optimized from the first call), then
    /// repeats until the target time (≥ 5, ≤ 400). Calls shorter than ~20 µs are timed in batches and divided.
    /// </summary>
    private static (double MedianMs, double MinMs, int Reps, int Batch) Time(Action fn, bool quick, double targetSeconds)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        double warmSeconds = quick ? 0.05 : 0.2;
        int minReps = quick ? 3 : 5;
        const int MaxReps = 400;
        long start = Stopwatch.GetTimestamp();
        int calls = 0;
        while (calls < 2 || Stopwatch.GetElapsedTime(start).TotalSeconds < warmSeconds)
        {
            fn();
            calls++;
        }

        double perCall = Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
        int batch = perCall >= 20e-6 ? 1 : (int)Math.Ceiling(20e-6 / Math.Max(perCall, 1e-9));
        var times = new List<double>();
        long t0 = Stopwatch.GetTimestamp();
        while (times.Count < minReps || (Stopwatch.GetElapsedTime(t0).TotalSeconds < targetSeconds && times.Count < MaxReps))
        {
            long s = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++)
            {
                fn();
            }

            times.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds / batch);
        }

        times.Sort();
        int count = times.Count;
        double median = count % 2 == 1 ? times[count / 2] : 0.5 * (times[(count / 2) - 1] + times[count / 2]);
        return (median, times[0], count, batch);
    }

    private static float[] RandomArray(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
