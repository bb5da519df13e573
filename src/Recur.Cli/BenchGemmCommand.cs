using System.Globalization;
using Recur.Kernels;

namespace Recur.Cli;

/// <summary>
/// <c>recur bench-gemm</c>: measures the library's SGEMM (square sizes and recurrent-step shapes with a packed
/// weight) the way the shared PyTorch benchmark measures torch.mm/addmm, prints a table, optionally writes the
/// <c>rnn-bench/1</c> JSON.
/// </summary>
public static class BenchGemmCommand
{
    /// <summary>Runs the measurement (a short version: the quick grid unless <paramref name="quick"/> is false).</summary>
    /// <param name="threads">Compute threads to use (≥ 1).</param>
    /// <param name="quick">Fewer sizes and shorter timing.</param>
    /// <param name="outPath">Where to write the JSON, or null for none.</param>
    /// <param name="output">Where the table goes.</param>
    /// <returns>0 on success, 2 on a bad argument.</returns>
    public static int Run(int threads, bool quick, string? outPath, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (threads < 1)
        {
            output.WriteLine($"bench-gemm: --threads must be at least 1 (got {threads}).");
            return 2;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recur SGEMM: threads={threads}, quick={quick}"));
        output.WriteLine($"  {"measurement",-30} {"median_ms",12} {"min_ms",12} {"GFLOP/s",9}");
        IReadOnlyList<GemmProbeEntry> entries = GemmProbe.Run(
            threads,
            quick,
            e => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {e.Name,-30} {e.MedianMs,12:F5} {e.MinMs,12:F5} {e.Gflops,9:F2}")));
        double best = entries.Where(e => e.Kind == "gemm").Select(e => e.Gflops).DefaultIfEmpty(0).Max();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  => best square GEMM {best:F1} GFLOP/s in {watch.Elapsed.TotalSeconds:F0} s"));
        if (outPath is not null)
        {
            File.WriteAllText(outPath, GemmProbe.ToJson(entries, threads, quick, watch.Elapsed.TotalSeconds));
            output.WriteLine($"wrote {outPath}");
        }

        return 0;
    }
}
