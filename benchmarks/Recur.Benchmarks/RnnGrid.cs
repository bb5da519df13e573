using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Recur.Autograd;
using Recur.Kernels;
using Recur.Losses;
using Recur.Modules;
using Recur.Optim;

namespace Recur.Benchmarks;

/// <summary>
/// The recurrent-layer grid of the shared PyTorch benchmark (torch_rnn_bench.py, its README §2), written as rnn-bench/1 JSON for compare.py:
/// 9 sizes × variants (lstm, bilstm, gru, lstm2) × modes (infer: forward under no-grad; train: zero
/// grads, forward, MSE against a fixed target, BPTT, Adam lr 1e-3). Timing: warm-up ≥ 2 calls and ≥ 0.2 s, then
/// single calls timed with <see cref="Stopwatch"/>, ≥ 5 repeats, until ~1 s (≤ 400); median and min in ms. A GC is
/// forced before each case. Tiered compilation is left on (default); the warm-up plus
/// AggressiveOptimization on the kernels means tier-1 code is timed.
/// </summary>
public static class RnnGrid
{
    /// <summary>The sizes: id, group, T, B, I, H.</summary>
    internal static readonly (string Id, string Group, int T, int B, int I, int H)[] Sizes =
    [
        ("tiny-a", "tiny", 24, 1, 1, 32),
        ("tiny-b", "tiny", 50, 8, 4, 64),
        ("tiny-c", "tiny", 100, 32, 8, 64),
        ("medium-a", "medium", 50, 32, 32, 128),
        ("medium-b", "medium", 100, 64, 64, 256),
        ("large-a", "large", 25, 16, 512, 512),
        ("large-b", "large", 25, 64, 512, 512),
        ("large-c", "large", 25, 32, 1024, 1024),
        ("large-d", "large", 25, 64, 1024, 1024),
    ];

    private static readonly string[] QuickSizes = ["tiny-a", "tiny-c", "medium-a", "large-a"];

    /// <summary>
    /// The variants: name, cell ("lstm" or "gru": 4 or 3 gates in the FLOP count), bidirectional, layers, and a
    /// factory (I, H) → the module and its forward over x (T, B, I) giving the output (T, B, D·H).
    /// </summary>
    internal static readonly List<RnnVariant> Variants =
    [
        new("lstm", "lstm", false, 1, static (i, h) => Of(new Lstm(i, h))),
        new("bilstm", "lstm", true, 1, static (i, h) => Of(new Lstm(i, h, bidirectional: true))),
        new("gru", "gru", false, 1, static (i, h) => Of(new Gru(i, h))),
        new("lstm2", "lstm", false, 2, static (i, h) => Of(new Lstm(i, h, numLayers: 2))),
    ];

    /// <summary>
    /// <c>rnn --threads N --out FILE.json [--quick] [--cases a,b] [--modes infer,train] [--no-peak]</c>.
    /// </summary>
    /// <returns>0 on success, 2 on bad arguments.</returns>
    public static int Run(string[] args)
    {
        int threads = 2;
        string? outPath = null;
        bool quick = false;
        bool peak = true;
        string[] selectors = [];
        string[] modes = ["infer", "train"];
        for (int a = 0; a < args.Length; a++)
        {
            string arg = args[a];
            string Next() => a + 1 < args.Length ? args[++a] : throw new ArgumentException($"{arg} needs a value");
            switch (arg)
            {
                case "rnn" or "grid":
                    break;
                case "--threads":
                    threads = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    outPath = Next();
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--no-peak":
                    peak = false;
                    break;
                case "--cases":
                    selectors = Next().Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "--modes":
                    modes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                default:
                    Console.Error.WriteLine($"rnn: unknown argument '{arg}'. Usage: rnn --threads N --out FILE.json [--quick] [--cases a,b] [--modes infer,train] [--no-peak]");
                    return 2;
            }
        }

        Parallelism.MaxThreads = threads;
        var started = Stopwatch.StartNew();
        WarmUpJit(modes);
        var cases = new List<Dictionary<string, object>>();
        foreach ((string id, string group, int t, int b, int i, int h) in Sizes)
        {
            if (quick && !QuickSizes.Contains(id))
            {
                continue;
            }

            foreach (RnnVariant v in Variants)
            {
                string name = $"{id}/{v.Name}";
                if (selectors.Length > 0 && !selectors.Any(s => s == group || s == id || s == v.Name || name.Contains(s, StringComparison.Ordinal)))
                {
                    continue;
                }

                foreach (string mode in modes)
                {
                    cases.Add(RunCase(name, group, v, t, b, i, h, mode, quick));
                }
            }
        }

        var root = new Dictionary<string, object>
        {
            ["schema"] = "rnn-bench/1",
            ["impl"] = "Recur (C#, .NET " + Environment.Version + ")",
            ["machine"] = new Dictionary<string, object>
            {
                ["os"] = RuntimeInformation.OSDescription,
                ["logical_cpus"] = Environment.ProcessorCount,
                ["avx512"] = Vector512.IsHardwareAccelerated,
                ["runtime"] = RuntimeInformation.FrameworkDescription,
            },
            ["torch_version"] = "n/a (Recur)",
            ["threads"] = threads,
            ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            ["quick"] = quick,
            ["tiered_compilation"] = "default (on), warm-up until tier-1",
            ["cases"] = cases,
        };
        if (peak)
        {
            root["peak"] = MeasurePeak(quick);
        }

        root["elapsed_s"] = Math.Round(started.Elapsed.TotalSeconds, 1);
        string json = JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true });
        if (outPath is null)
        {
            Console.WriteLine(json);
        }
        else
        {
            File.WriteAllText(outPath, json);
            Console.Error.WriteLine($"rnn: wrote {cases.Count} cases to {outPath}");
        }

        return 0;
    }

    /// <summary>
    /// Runs every variant and mode at a small size for about two seconds before anything is timed, so that the code
    /// shared by all cases (autograd, losses, the optimizer) has reached tier-1 and the first timed case is not
    /// penalized. Tiered compilation stays at its defaults (on, with PGO).
    /// </summary>
    private static void WarmUpJit(string[] modes)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 2)
        {
            foreach (RnnVariant v in Variants)
            {
                ModelUnderTest model = v.Factory(4, 32);
                int dirs = v.Bidirectional ? 2 : 1;
                Tensor x = Tensor.Uniform(1, -1f, 1f, 8, 4, 4);
                Tensor target = Tensor.Uniform(2, -1f, 1f, 8, 4, dirs * 32);
                var adam = new Adam(model.Module.Parameters(), lr: 1e-3);
                for (int n = 0; n < 20; n++)
                {
                    if (modes.Contains("infer"))
                    {
                        using NoGradScope scope = GradMode.NoGrad();
                        model.Forward(x);
                    }

                    if (modes.Contains("train"))
                    {
                        adam.ZeroGrad();
                        new MseLoss().Forward(model.Forward(x), target).Backward();
                        adam.Step();
                    }
                }
            }
        }
    }

    private static Dictionary<string, object> RunCase(string name, string group, RnnVariant v, int t, int b, int i, int h, string mode, bool quick)
    {
        ModelUnderTest model = v.Factory(i, h);
        int dirs = v.Bidirectional ? 2 : 1;
        Tensor x = Tensor.Uniform(1, -1f, 1f, t, b, i);
        Tensor target = Tensor.Uniform(2, -1f, 1f, t, b, dirs * h);
        var adam = new Adam(model.Module.Parameters(), lr: 1e-3);
        var mse = new MseLoss();
        Action call = mode == "infer"
            ? () =>
            {
                using NoGradScope scope = GradMode.NoGrad();
                using Tensor output = model.Forward(x); // disposed where PyTorch frees it: its storage serves the next call
            }
            : () =>
            {
                adam.ZeroGrad();
                using Tensor output = model.Forward(x);
                Tensor loss = mse.Forward(output, target);
                loss.Backward();
                adam.Step();
            };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        double warmSeconds = quick ? 0.2 : 0.3;
        var sw = Stopwatch.StartNew();
        for (int n = 0; n < 2 || sw.Elapsed.TotalSeconds < warmSeconds; n++)
        {
            call();
        }

        var times = new List<double>();
        double budget = quick ? 0.5 : 1.0;
        sw.Restart();
        while (times.Count < 5 || (sw.Elapsed.TotalSeconds < budget && times.Count < 400))
        {
            long start = Stopwatch.GetTimestamp();
            call();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        double median = times.Count % 2 == 1 ? times[times.Count / 2] : 0.5 * (times[(times.Count / 2) - 1] + times[times.Count / 2]);
        double flops = 0;
        for (int layer = 0; layer < v.Layers; layer++)
        {
            int il = layer == 0 ? i : dirs * h;
            flops += 2.0 * b * (v.Cell == "gru" ? 3 : 4) * h * (il + h) * t * dirs;
        }

        if (mode == "train")
        {
            flops *= 3;
        }

        Console.Error.WriteLine($"{name,-18} {mode,-5} median {median,10:F4} ms  min {times[0],10:F4} ms  {flops / (median * 1e6),8:F2} GFLOP/s  ({times.Count} reps)");
        Dictionary<string, object> r = CaseFields(name, group, v, t, b, i, h, mode);
        r["median_ms"] = Math.Round(median, 5);
        r["min_ms"] = Math.Round(times[0], 5);
        r["gflops"] = Math.Round(flops / (median * 1e6), 4);
        r["flops"] = flops;
        r["reps"] = times.Count;
        r["us_per_step"] = Math.Round(median * 1000 / t, 3);
        return r;
    }

    /// <summary>The fields that name a case in the JSON of <c>grid</c> and <c>grid-memory</c> (torch_rnn_bench.py's schema), in its order.</summary>
    internal static Dictionary<string, object> CaseFields(string name, string group, RnnVariant v, int t, int b, int i, int h, string mode) => new()
    {
        ["name"] = name,
        ["group"] = group,
        ["variant"] = v.Name,
        ["cell"] = v.Cell,
        ["bidirectional"] = v.Bidirectional,
        ["layers"] = v.Layers,
        ["T"] = t,
        ["B"] = b,
        ["I"] = i,
        ["H"] = h,
        ["mode"] = mode,
    };

    private static Dictionary<string, object> MeasurePeak(bool quick)
    {
        var entries = new List<Dictionary<string, object>>();
        double best = 0;
        foreach (int n in quick ? new[] { 1024 } : [1024, 2048])
        {
            float[] a = new float[n * n];
            float[] bm = new float[n * n];
            float[] c = new float[n * n];
            CounterRandom.FillUniform(a, 3, 0, -1f, 1f);
            CounterRandom.FillUniform(bm, 4, 0, -1f, 1f);
            var times = new List<double>();
            for (int r = 0; r < 7; r++)
            {
                long start = Stopwatch.GetTimestamp();
                Gemm.Sgemm(c, a, bm, n, n, n);
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (r >= 2)
                {
                    times.Add(ms);
                }
            }

            times.Sort();
            double median = times[times.Count / 2];
            double gflops = 2.0 * n * n * n / (median * 1e6);
            best = Math.Max(best, gflops);
            entries.Add(new Dictionary<string, object>
            {
                ["name"] = $"Gemm.Sgemm {n}",
                ["kind"] = "gemm",
                ["M"] = n,
                ["N"] = n,
                ["K"] = n,
                ["median_ms"] = Math.Round(median, 4),
                ["min_ms"] = Math.Round(times[0], 4),
                ["gflops"] = Math.Round(gflops, 2),
            });
        }

        return new Dictionary<string, object> { ["gemm_gflops_max"] = Math.Round(best, 2), ["entries"] = entries };
    }

    private static ModelUnderTest Of(Lstm lstm) => new(lstm, x => OutputOnly(lstm.Forward(x)));

    private static ModelUnderTest Of(Gru gru) => new(gru, x => OutputOnly(gru.Forward(x)));

    /// <summary>
    /// The torch script's <c>out, _ = model(x)</c>: the final states are dropped at once (PyTorch frees them when the
    /// tuple goes); disposing them hands their pooled storage back (after the backward pass when recorded).
    /// </summary>
    private static Tensor OutputOnly(RnnOutput o)
    {
        o.HiddenState.Dispose();
        o.CellState?.Dispose();
        return o.Output;
    }

    /// <summary>A model under test: its module (for the optimizer) and its forward over x (T, B, I) → output (T, B, D·H).</summary>
    internal sealed record ModelUnderTest(Module Module, Func<Tensor, Tensor> Forward);

    /// <summary>A grid variant: name, cell, bidirectional, layers and the model factory (I, H).</summary>
    internal sealed record RnnVariant(string Name, string Cell, bool Bidirectional, int Layers, Func<int, int, ModelUnderTest> Factory);
}
