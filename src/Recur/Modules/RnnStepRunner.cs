using System.Diagnostics;
using Recur.Kernels;

namespace Recur.Modules;

/// <summary>
/// Runs the row-independent work of one time step (the recurrent GEMM and the fused gate pass) on the running rows
/// [0, n), either on the calling thread or split into two row ranges on two cores (one fork/join per step through
/// <see cref="ComputeWorkers"/>). Splitting rows keeps the GEMM and the gate pass of a row on the same core and runs
/// the gate pass in parallel too; it is used for weights that fit a core's cache (each core reads all of W_hh) and
/// steps large enough to pay for the fork. Rows give the same results whichever part computes them.
/// </summary>
internal sealed class RnnStepRunner : ComputeWork
{
    /// <summary>Fewest rows per part.</summary>
    private const int MinRowsPerPart = 4;

    /// <summary>Fewest multiply-add flops of one step's recurrent product worth a fork.</summary>
    private const double MinStepFlops = 256_000;

    /// <summary>Fewest multiply-add flops of one forward step's recurrent product worth a fork.</summary>
    private const double MinForwardStepFlops = 1_000_000;

    /// <summary>Largest recurrent weight (floats) split by rows: 1 MiB, read whole by both cores.</summary>
    private const long MaxWeightFloats = 1L << 18;

    private static long s_probedPasses;

    private readonly Action<int, int, int> _body;
    private readonly bool _split;
    private int _step;
    private int _rows;
    private int _half;

    /// <param name="body">The step's work on a row range: (step, first row, row count).</param>
    /// <param name="split">Whether steps may be split over two cores (see <see cref="ShouldSplit"/>).</param>
    public RnnStepRunner(Action<int, int, int> body, bool split)
    {
        _body = body;
        _split = split;
    }

    /// <summary>
    /// Whether a direction's steps should be split by rows: not while the two directions already run concurrently,
    /// with at least two cores, enough rows and flops per step, and a recurrent weight that fits a core's cache.
    /// A forward step (<paramref name="backward"/> false) needs <see cref="MinForwardStepFlops"/>: its halves are short
    /// enough that a lagging second core costs more than the split gains (GRU, B = 32, H = 64: one thread 1.49 ms,
    /// split 1.45 ms, with wider spread); a backward step, with its gate-gradient pass, from <see cref="MinStepFlops"/>.
    /// </summary>
    public static bool ShouldSplit(bool concurrentDirections, int batch, double flopsPerRow, long weightFloats, bool backward) =>
        !concurrentDirections && Parallelism.MaxThreads >= 2 && batch >= 2 * MinRowsPerPart
        && batch * flopsPerRow >= (backward ? MinStepFlops : MinForwardStepFlops) && weightFloats <= MaxWeightFloats;

    /// <summary>Unsplit forward steps from this many flops up to <see cref="MinForwardStepFlops"/> probe whether their
    /// GEMM should fork (see <see cref="RunAll"/>).</summary>
    private const double ProbeMinStepFlops = GemmBlocking.ParallelFlops;

    /// <summary>Steps timed per way when probing.</summary>
    private const int ProbeSteps = 8;

    /// <summary>
    /// Runs every step of a direction: s = 0 … <paramref name="steps"/>−1, step = s (or steps−1−s when
    /// <paramref name="reverse"/>), on the rows <paramref name="order"/> says are running. Unsplit steps whose product
    /// is just large enough for the GEMM to fork it over the cores (<paramref name="stepFlops"/> from
    /// <see cref="GemmBlocking.ParallelFlops"/> to 1 Mflop) gain from the fork when the other core is free and lose
    /// up to half their speed when it is not (GRU, B = 32, H = 64 on this 2-vCPU host: 1.0–1.1 ms forked and
    /// 1.34 ms serial when quiet, 2.7–3.1 ms forked in busy phases): such a pass times
    /// <see cref="ProbeSteps"/> forked steps against as many serial ones and runs the rest the faster way. Results do
    /// not depend on it (a GEMM's result does not depend on its thread count).
    /// </summary>
    public void RunAll(int steps, bool reverse, BatchOrder order, double stepFlops)
    {
        int s = 0;
        bool serial = false;
        if (!_split && stepFlops >= ProbeMinStepFlops && stepFlops < MinForwardStepFlops && steps >= 4 * ProbeSteps
            && Parallelism.GemmThreads >= 2)
        {
            RunRange(ref s, 2, steps, reverse, order); // wakes the workers
            long start = Stopwatch.GetTimestamp();
            RunRange(ref s, ProbeSteps, steps, reverse, order);
            long forked = Stopwatch.GetTimestamp() - start;
            using (Parallelism.Serial(true))
            {
                start = Stopwatch.GetTimestamp();
                RunRange(ref s, ProbeSteps, steps, reverse, order);
            }

            serial = Stopwatch.GetTimestamp() - start < forked;
            Interlocked.Increment(ref s_probedPasses);
        }

        using (Parallelism.Serial(serial))
        {
            RunRange(ref s, steps - s, steps, reverse, order);
        }
    }

    /// <summary>How many passes have probed forked against serial steps (for tests).</summary>
    internal static long ProbedPasses => Interlocked.Read(ref s_probedPasses);

    private void RunRange(ref int s, int count, int steps, bool reverse, BatchOrder order)
    {
        for (int end = s + count; s < end; s++)
        {
            int step = reverse ? steps - 1 - s : s;
            Run(step, order.ActiveCount(step));
        }
    }

    /// <summary>Runs step <paramref name="step"/> on rows [0, <paramref name="rows"/>).</summary>
    public void Run(int step, int rows)
    {
        if (rows == 0)
        {
            return; // every sequence has ended (all lengths below T)
        }

        if (!_split || rows < 2 * MinRowsPerPart)
        {
            _body(step, 0, rows);
            return;
        }

        _step = step;
        _rows = rows;
        _half = rows >= 16 ? (rows + 8) / 16 * 8 : rows / 2; // a multiple of the GEMM's 8-row tiles when possible
        ComputeWorkers.Run(this, 2, 2);
    }

    /// <inheritdoc/>
    public override void Execute(int part)
    {
        if (part == 0)
        {
            _body(_step, 0, _half);
        }
        else
        {
            _body(_step, _half, _rows - _half);
        }
    }
}
