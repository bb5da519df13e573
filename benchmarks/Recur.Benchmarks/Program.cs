namespace Recur.Benchmarks;

/// <summary>Benchmark entry point.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "rnn")
        {
            return RnnGrid.Run(args);
        }

        return 0;
    }
}
