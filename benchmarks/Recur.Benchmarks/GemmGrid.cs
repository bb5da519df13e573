using System.Diagnostics;
using System.Globalization;
using Recur.Kernels;

namespace Recur.Benchmarks;

/// <summary>
/// The <c>gemm</c> grid: GFLOP/s of square SGEMMs (256…4096) and of the recurrent-step products
/// (M = batch, N = 4H, K = H, packed weight, C = h·Wᵀ + bias), written in the shared <c>rnn-bench/1</c> JSON schema.
/// </summary>
public static class GemmGrid
{
    /// <summary>Parses <c>--threads N --out FILE --quick</c>, runs the grid, prints a table, writes the JSON.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        int threads = Environment.ProcessorCount;
        string? outPath = null;
        bool quick = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int t) && t >= 1:
                    threads = t;
                    i++;
                    break;
                case "--out" when i + 1 < args.Length:
                    outPath = args[++i];
                    break;
                case "--quick":
                    quick = true;
                    break;
                default:
                    output.WriteLine($"gemm: unknown or incomplete argument '{args[i]}'. Usage: gemm [--threads N] [--out FILE.json] [--quick]");
                    return 2;
            }
        }

        var watch = Stopwatch.StartNew();
        output.WriteLine($"Recur SGEMM grid: threads={threads}, quick={quick}, kernels={Gemm.Level}");
        output.WriteLine($"  {"measurement",-30} {"median_ms",12} {"min_ms",12} {"GFLOP/s",9} {"reps",5}");
        IReadOnlyList<GemmProbeEntry> entries = GemmProbe.Run(
            threads,
            quick,
            e => output.WriteLine($"  {e.Name,-30} {e.MedianMs,12:F5} {e.MinMs,12:F5} {e.Gflops,9:F2} {e.Reps,5}"));
        double best = entries.Where(e => e.Kind == "gemm").Select(e => e.Gflops).DefaultIfEmpty(0).Max();
        output.WriteLine($"  => gemm_gflops_max = {best:F1} GFLOP/s ({watch.Elapsed.TotalSeconds:F0} s)");
        if (outPath is not null)
        {
            File.WriteAllText(outPath, GemmProbe.ToJson(entries, threads, quick, watch.Elapsed.TotalSeconds));
            output.WriteLine($"wrote {outPath}");
        }

        return 0;
    }
}
