using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.Autograd;
using Recur.Kernels;
using Recur.Losses;
using Recur.Optim;

namespace Recur.Benchmarks;

/// <summary>
/// Peak memory of one training step (and of one inference call) for each case of the recurrent-layer grid
/// (<see cref="RnnGrid"/>), the counterpart of <c>results/memory/torch_peak_memory.py</c>.
/// <para><c>grid-memory [--cases SEL] [--modes train,infer] [--threads 2] [--steps 5] --out FILE.json</c>: every case runs
/// in its own child process (this executable again with <c>--one-case NAME --mode M</c>), so that no case sees the heap,
/// pools or page-fault history of another.</para>
/// <para>In the child: a JIT warm-up of the same variant at a small size (≥ 1 s and ≥ 60 calls, so tier-1 code runs), a
/// full GC, then the case is built (model, x (T, B, I), target (T, B, D·H), MSE) and a full GC again;
/// <c>baseline</c> = VmRSS. The peak resident set is reset (<c>/proc/self/clear_refs</c> ← 5), the optimizer (Adam,
/// lr 1e-3) is built, 2 warm-up calls run and VmHWM is read (<c>first</c>, includes Adam's lazily created state and the pools' first fill); the peak is reset
/// again, <c>--steps</c> calls run and VmHWM is read (<c>steady</c>). Reported: both peaks minus the baseline, so the
/// runtime itself, the model and the inputs are not counted on either side. Managed figures: bytes allocated per
/// call (<see cref="GC.GetTotalAllocatedBytes(bool)"/> precise), GC counts, the heap size and committed bytes after
/// the last GC, and the largest managed size seen (<see cref="GC.GetTotalMemory(bool)"/> sampled after forward, after
/// backward and after the optimizer step) minus its baseline.</para>
/// <para><c>--zero-grad in-place|none</c>: how each training step clears the gradients. <c>in-place</c> (the default, what
/// Recur's <c>Trainer</c> does): <see cref="Optimizer.ZeroGrad(bool)"/> with <c>setToNone: false</c>, so the
/// parameter-gradient buffers are reused across steps; <c>none</c>: set to null (<c>set_to_none=True</c>, the call the
/// torch script makes; in .NET the dropped buffers stay resident until a collection). <c>--grad-in-place</c> is the
/// old spelling of the default.</para>
/// </summary>
internal static class GridMemory
{
    /// <summary>Runs the parent (all selected cases, one child each) or, with <c>--one-case</c>, one case.</summary>
    /// <returns>0 on success, 2 on bad arguments, 1 when a child failed.</returns>
    public static int Run(string[] args)
    {
        int threads = 2;
        int steps = 5;
        string? outPath = null;
        string? oneCase = null;
        string mode = "train";
        string[] selectors = [];
        string[] modes = ["train"];
        bool gradInPlace = true;
        for (int a = 1; a < args.Length; a++)
        {
            string arg = args[a];
            string Next() => a + 1 < args.Length ? args[++a] : throw new ArgumentException($"{arg} needs a value");
            switch (arg)
            {
                case "--threads":
                    threads = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--steps":
                    steps = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    outPath = Next();
                    break;
                case "--cases":
                    selectors = Next().Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "--modes":
                    modes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "--one-case":
                    oneCase = Next();
                    break;
                case "--mode":
                    mode = Next();
                    break;
                case "--grad-in-place":
                    gradInPlace = true;
                    break;
                case "--zero-grad":
                    string z = Next();
                    gradInPlace = z switch
                    {
                        "in-place" => true,
                        "none" => false,
                        _ => throw new ArgumentException($"--zero-grad takes in-place or none, got '{z}'"),
                    };
                    break;
                default:
                    Console.Error.WriteLine($"grid-memory: unknown argument '{arg}'. Usage: grid-memory [--cases a,b] [--modes train,infer] [--threads N] [--steps S] [--zero-grad in-place|none] --out FILE.json");
                    return 2;
            }
        }

        if (oneCase is not null)
        {
            Parallelism.MaxThreads = threads;
            Dictionary<string, object> r = RunOneCase(oneCase, mode, steps, gradInPlace);
            Console.WriteLine(JsonSerializer.Serialize(r));
            return 0;
        }

        var cases = new List<JsonNode?>();
        var started = Stopwatch.StartNew();
        foreach ((string id, string group, _, _, _, _) in RnnGrid.Sizes)
        {
            foreach (RnnGrid.RnnVariant v in RnnGrid.Variants)
            {
                string name = $"{id}/{v.Name}";
                if (selectors.Length > 0 && !selectors.Any(s => s == group || s == id || s == v.Name || name.Contains(s, StringComparison.Ordinal)))
                {
                    continue;
                }

                foreach (string m in modes)
                {
                    JsonNode? r = RunChild(name, m, threads, steps, gradInPlace);
                    if (r is null)
                    {
                        return 1;
                    }

                    cases.Add(r);
                    Console.Error.WriteLine(
                        $"{name,-18} {m,-5} peak +{(double)r["peak_kib"]! / 1024,9:F2} MiB (first {(double)r["peak_first_kib"]! / 1024,9:F2}, steady {(double)r["peak_steady_kib"]! / 1024,9:F2})  " +
                        $"alloc/call {(double)r["alloc_bytes_per_call"]! / 1048576,9:F2} MiB  gc0/1/2 {r["gc0"]}/{r["gc1"]}/{r["gc2"]} pause {(double)r["gc_pause_share"]! * 100:F1}%");
                }
            }
        }

        var env = new Dictionary<string, string>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            string k = (string)e.Key;
            if (k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("MALLOC_", StringComparison.Ordinal))
            {
                env[k] = (string)e.Value!;
            }
        }

        var root = new Dictionary<string, object>
        {
            ["schema"] = "rnn-memory/1",
            ["impl"] = "Recur (C#, .NET " + Environment.Version + ")",
            ["threads"] = threads,
            ["steps"] = steps,
            ["zero_grad"] = gradInPlace ? "in place (ZeroGrad(setToNone: false), buffers kept)" : "ZeroGrad() (set to null, as set_to_none=True)",
            ["gc"] = new Dictionary<string, object>
            {
                ["server"] = GCSettings.IsServerGC,
                ["latency_mode"] = GCSettings.LatencyMode.ToString(),
                ["env"] = env,
            },
            ["machine"] = new Dictionary<string, object>
            {
                ["os"] = RuntimeInformation.OSDescription,
                ["logical_cpus"] = Environment.ProcessorCount,
                ["runtime"] = RuntimeInformation.FrameworkDescription,
            },
            ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            ["method"] = "per case a child process; baseline = VmRSS after JIT warm-up at a small size, model/input/target setup and a full GC, before the optimizer is built; " +
                         "peak_first = VmHWM over the first 2 calls - baseline; peak_steady = VmHWM over the next `steps` calls " +
                         "(HWM reset via /proc/self/clear_refs) - baseline; peak = max of the two",
            ["cases"] = cases,
            ["elapsed_s"] = Math.Round(started.Elapsed.TotalSeconds, 1),
        };
        string json = JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true });
        if (outPath is null)
        {
            Console.WriteLine(json);
        }
        else
        {
            File.WriteAllText(outPath, json);
            Console.Error.WriteLine($"grid-memory: wrote {cases.Count} cases to {outPath}");
        }

        return 0;
    }

    private static JsonNode? RunChild(string name, string mode, int threads, int steps, bool gradInPlace)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("grid-memory: no process path");
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location); // run as `dotnet Recur.Benchmarks.dll`
        }

        foreach (string a in new[] { "grid-memory", "--one-case", name, "--mode", mode, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--zero-grad");
        psi.ArgumentList.Add(gradInPlace ? "in-place" : "none");

        using Process p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            Console.Error.WriteLine($"grid-memory: child for {name} {mode} exited with {p.ExitCode}");
            return null;
        }

        string last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return JsonNode.Parse(last);
    }

    private static Dictionary<string, object> RunOneCase(string name, string mode, int steps, bool gradInPlace)
    {
        string[] parts = name.Split('/');
        (string id, string group, int t, int b, int i, int h) = RnnGrid.Sizes.Single(s => s.Id == parts[0]);
        RnnGrid.RnnVariant v = RnnGrid.Variants.Single(x => x.Name == parts[1]);
        int dirs = v.Bidirectional ? 2 : 1;
        bool train = mode == "train";

        // JIT warm-up of this variant's code paths at a small size, then forget it.
        WarmUp(v, train);
        WarmUpMeasurement();
        int jitWait = WaitForJitIdle();
        FullGc();

        RnnGrid.ModelUnderTest model = v.Factory(i, h);
        Tensor x = Tensor.Uniform(1, -1f, 1f, t, b, i);
        Tensor target = Tensor.Uniform(2, -1f, 1f, t, b, dirs * h);
        var mse = new MseLoss();
        FullGc();
        long managedBase = GC.GetTotalMemory(false);
        long rssBase = ProcStatusKib("VmRSS");
        long jitBase = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        DumpSmaps("base");
        ResetPeak();

        // The optimizer is built after the baseline: Adam's construction-time scratch counts (PyTorch's Adam allocates
        // nothing until its first step).
        var adam = new Adam(model.Module.Parameters(), lr: 1e-3);
        long managedPeak = 0;
        void Sample() => managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(false));
        Action call = train
            ? () =>
            {
                adam.ZeroGrad(setToNone: !gradInPlace);

                // The output is disposed at the end of the step, where PyTorch frees it (its last reference goes when the
                // torch script's step function returns): its storage is the next step's output instead of garbage.
                using Tensor output = model.Forward(x);
                Tensor loss = mse.Forward(output, target);
                Sample();
                loss.Backward();
                Sample();
                adam.Step();
                Sample();
            }
            : () =>
            {
                using NoGradScope scope = GradMode.NoGrad();
                using Tensor output = model.Forward(x);
                Sample();
            };

        for (int n = 0; n < 2; n++)
        {
            call();
        }

        long hwmFirst = ProcStatusKib("VmHWM");
        long jitFirst = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        DumpSmaps("first");
        long rssAfterFirst = ProcStatusKib("VmRSS");

        ResetPeak();
        managedPeak = 0;
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        TimeSpan pauseBefore = GC.GetTotalPauseDuration();
        var timer = Stopwatch.StartNew();
        for (int n = 0; n < steps; n++)
        {
            call();
        }

        double elapsedMs = timer.Elapsed.TotalMilliseconds;
        double pauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;

        long allocPerCall = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / steps;
        long hwmSteady = ProcStatusKib("VmHWM");
        long jitSteady = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        DumpSmaps("steady");
        long rssAfter = ProcStatusKib("VmRSS");
        GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
        GC.KeepAlive(x);
        GC.KeepAlive(target);
        Dictionary<string, object> r = RnnGrid.CaseFields(name, group, v, t, b, i, h, mode);
        r["steps"] = steps;
        r["zero_grad"] = gradInPlace ? "in place (ZeroGrad(setToNone: false), buffers kept)" : "ZeroGrad() (set to null, as set_to_none=True)";
        r["rss_baseline_kib"] = rssBase;
        r["peak_first_kib"] = hwmFirst - rssBase;
        r["peak_steady_kib"] = hwmSteady - rssBase;
        r["peak_kib"] = Math.Max(hwmFirst, hwmSteady) - rssBase;
        r["rss_after_first_kib"] = rssAfterFirst - rssBase;
        r["rss_after_kib"] = rssAfter - rssBase;
        r["alloc_bytes_per_call"] = allocPerCall;
        r["jit_wait_ms"] = jitWait;
        r["jit_methods_first"] = jitFirst - jitBase;
        r["jit_methods_steady"] = jitSteady - jitFirst;
        r["gc0"] = GC.CollectionCount(0) - gc0;
        r["gc1"] = GC.CollectionCount(1) - gc1;
        r["gc2"] = GC.CollectionCount(2) - gc2;
        r["gc_pause_ms"] = Math.Round(pauseMs, 3);
        r["gc_pause_share"] = Math.Round(pauseMs / elapsedMs, 4);
        r["managed_peak_bytes"] = managedPeak - managedBase;
        r["heap_size_bytes"] = info.HeapSizeBytes;
        r["committed_bytes"] = info.TotalCommittedBytes;
        r["fragmented_bytes"] = info.FragmentedBytes;
        return r;
    }

    private static void WarmUp(RnnGrid.RnnVariant v, bool train)
    {
        RnnGrid.ModelUnderTest model = v.Factory(4, 32);
        int dirs = v.Bidirectional ? 2 : 1;
        Tensor x = Tensor.Uniform(1, -1f, 1f, 8, 4, 4);
        Tensor target = Tensor.Uniform(2, -1f, 1f, 8, 4, dirs * 32);
        var adam = new Adam(model.Module.Parameters(), lr: 1e-3);
        var sw = Stopwatch.StartNew();
        for (int n = 0; n < 60 || sw.Elapsed.TotalSeconds < 1; n++)
        {
            if (train)
            {
                adam.ZeroGrad();
                new MseLoss().Forward(model.Forward(x), target).Backward();
                adam.Step();
            }
            else
            {
                using NoGradScope scope = GradMode.NoGrad();
                model.Forward(x);
            }
        }
    }

    /// <summary>
    /// Runs the measurement's own calls once before the baseline (reading /proc/self/status, resetting the peak, the GC
    /// counters and a stopwatch), so that their first-use cost (JIT, runtime code pages faulted in, 64 KiB at a time)
    /// is not counted as the case's: on the Python side these paths are warm from the interpreter's start-up.
    /// </summary>
    private static void WarmUpMeasurement()
    {
        for (int n = 0; n < 2; n++)
        {
            ResetPeak();
            _ = ProcStatusKib("VmHWM") + ProcStatusKib("VmRSS");
            _ = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
            _ = GC.GetTotalAllocatedBytes(precise: true) + GC.GetTotalMemory(false);
            _ = GC.GetTotalPauseDuration();
            _ = Stopwatch.StartNew().Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>
    /// With <c>RECUR_SMAPS=DIR</c> set, copies /proc/self/smaps to DIR/{tag}.txt (base, first, steady), so that a growth
    /// can be traced to its mapping (GC region, malloc arena, JIT code, a library's pages). Off by default.
    /// </summary>
    /// <summary>
    /// Waits (at most 5 s) until the JIT has compiled nothing for 300 ms, so that its background work (tier-1
    /// recompilation of the warm-up's methods, whose scratch memory is native and transient) is over before the
    /// baseline instead of landing in a measured call, where it showed as 0.2–1 MiB peaks in sub-MiB cases. The
    /// counts of methods compiled during the measured calls are reported (<c>jit_methods_first</c>, <c>_steady</c>).
    /// </summary>
    /// <returns>The milliseconds waited.</returns>
    private static int WaitForJitIdle()
    {
        var waited = Stopwatch.StartNew();
        long last = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        int quiet = 0;
        while (quiet < 3 && waited.ElapsedMilliseconds < 5000)
        {
            Thread.Sleep(100);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }

        return (int)waited.ElapsedMilliseconds;
    }

    private static void DumpSmaps(string tag)
    {
        string? dir = Environment.GetEnvironmentVariable("RECUR_SMAPS");
        if (dir is not null)
        {
            File.Copy("/proc/self/smaps", Path.Combine(dir, tag + ".txt"), true);
        }
    }

    private static void FullGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Resets the process's peak resident set size (VmHWM) to the current one (Linux ≥ 4.0).</summary>
    private static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    /// <summary>A "Vm…: N kB" field of /proc/self/status, in KiB.</summary>
    private static long ProcStatusKib(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"grid-memory: /proc/self/status has no {field}");
    }
}
