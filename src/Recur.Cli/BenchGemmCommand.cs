namespace Recur.Cli;

/// <summary>Placeholder until the GEMM benchmark lands.</summary>
public static class BenchGemmCommand
{
    /// <summary>Runs the GEMM measurement.</summary>
    public static int Run(int threads, bool quick, string? outPath, TextWriter output)
    {
        _ = threads;
        _ = quick;
        _ = outPath;
        output.WriteLine("bench-gemm: not available yet");
        return 0;
    }
}
