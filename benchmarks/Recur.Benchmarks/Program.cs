using BenchmarkDotNet.Running;

namespace Recur.Benchmarks;

/// <summary>
/// Benchmark entry point. <c>grid --threads 2 [--quick] [--cases SEL] [--modes infer,train] --out FILE.json</c> runs the
/// recurrent-layer grid of the shared PyTorch benchmark (<see cref="RnnGrid"/>; <c>rnn</c> is an alias);
/// <c>gemm [--threads N] [--out FILE.json] [--quick]</c> runs the GEMM GFLOP/s grid (<see cref="GemmGrid"/>);
/// <c>grid-memory [--cases SEL] [--modes train,infer] --out FILE.json</c> measures the peak memory of each grid case in a
/// child process (<see cref="GridMemory"/>); <c>rnn-probe T B I H [reps] [f|g]</c> breaks one LSTM forward call into its parts; anything else goes to
/// BenchmarkDotNet's switcher over this assembly.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "gemm")
        {
            return GemmGrid.Run(args[1..], Console.Out);
        }

        if (args.Length > 0 && args[0] is "grid" or "rnn")
        {
            return RnnGrid.Run(args);
        }

        if (args.Length > 0 && args[0] == "grid-memory")
        {
            return GridMemory.Run(args);
        }

        if (args.Length > 0 && args[0] == "rnn-probe")
        {
            return RnnProbe.Run(args);
        }

        if (args.Length > 0 && args[0] == "gemm-kernel")
        {
            return GemmKernelPeak.Run(Console.Out);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
