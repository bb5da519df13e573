namespace Recur.Benchmarks;

/// <summary>Benchmark entry point.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks.</summary>
    public static int Main(string[] args)
    {
        _ = args;
        return 0;
    }
}
