using System.CommandLine;

namespace Recur.Cli;

/// <summary>Entry point of the <c>recur</c> command.</summary>
public static class Program
{
    /// <summary>Exit code for success.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code for a usage error (unknown command, bad option).</summary>
    public const int ExitUsage = 2;

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        RootCommand root = BuildRootCommand(Console.Out);
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine("recur: " + error.Message);
            }

            Console.Error.WriteLine("Run 'recur --help' for usage.");
            return ExitUsage;
        }

        return result.Invoke();
    }

    /// <summary>Builds the command tree; output of the commands goes to <paramref name="output"/>.</summary>
    public static RootCommand BuildRootCommand(TextWriter output)
    {
        var root = new RootCommand("recur: train, evaluate and run LSTM, BiLSTM and GRU networks on sequence data.");
        root.Subcommands.Add(BuildBenchGemm(output));
        return root;
    }

    private static Command BuildBenchGemm(TextWriter output)
    {
        var threads = new Option<int>("--threads")
        {
            Description = "Compute threads to use (default: all cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var quick = new Option<bool>("--quick") { Description = "Fewer sizes and shorter timing (a few seconds)." };
        var outPath = new Option<string?>("--out") { Description = "Also write the results as rnn-bench/1 JSON to this file." };
        var command = new Command("bench-gemm", "Measure single-precision GEMM speed (GFLOP/s) on this machine: square sizes and the thin shapes of a recurrent step.")
        {
            threads,
            quick,
            outPath,
        };
        threads.Validators.Add(r =>
        {
            if (r.GetValue(threads) < 1)
            {
                r.AddError("--threads must be at least 1.");
            }
        });
        command.SetAction(r => BenchGemmCommand.Run(r.GetValue(threads), r.GetValue(quick), r.GetValue(outPath), output));
        return command;
    }
}
