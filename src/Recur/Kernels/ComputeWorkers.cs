using System.Diagnostics;

namespace Recur.Kernels;

/// <summary>
/// Long-lived compute threads for fork/join kernels (one per extra core, created on first use). A worker spins
/// briefly for new work, then blocks; the caller publishes a job, runs parts itself, and spin-waits at the join.
/// A hand-off costs well under a microsecond, unlike <c>Parallel.For</c> or a <c>Task</c> per call.
/// Parts are claimed one at a time (a compare-and-swap on a generation-tagged counter), so a worker that wakes late
/// (the machine is busy) finds nothing left and the caller never waits for a thread that did no work.
/// Only one job runs at a time; a caller that finds the workers busy runs its job alone.
/// </summary>
internal static class ComputeWorkers
{
    /// <summary>The longest an idle worker spins before it blocks: 100 µs, to cover the serial work between the parallel
    /// phases of a large recurrent step.</summary>
    private static readonly long s_maxSpinTicks = Stopwatch.Frequency / 10_000;

    /// <summary>The shortest spin: 10 µs.</summary>
    private static readonly long s_minSpinTicks = Stopwatch.Frequency / 100_000;

    /// <summary>
    /// The wall time of the last job (publish to join). An idle worker spins for twice that, within
    /// [10 µs, 100 µs]: after short jobs (a small input projection every few tiny steps) a spinning worker only slows
    /// the caller's single-threaded work on this 2-vCPU host (tiny-c gru inference 3.5 → 1.7 ms with a 5 µs spin),
    /// while large steps need it awake across their serial parts (large-c gru 80 → 66 ms with 100 µs vs 20 µs).
    /// </summary>
    private static long s_lastJobTicks;

    private static readonly object s_createLock = new();
    private static Worker[] s_workers = [];
    private static int s_busy;

    private static ComputeWork? s_job;
    private static int s_parts;
    private static long s_state; // (generation << 32) | next unclaimed part
    private static int s_done;
    private static long s_generation;
    private static Exception? s_error;

    /// <summary>
    /// Runs <paramref name="work"/> parts 0..<paramref name="parts"/>−1 on up to <paramref name="threads"/>
    /// threads (the caller included) and returns when all parts are done.
    /// </summary>
    public static void Run(ComputeWork work, int parts, int threads)
    {
        int helpers = Math.Min(Math.Min(threads, parts) - 1, Environment.ProcessorCount - 1);
        if (helpers <= 0 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int p = 0; p < parts; p++)
            {
                work.Execute(p);
            }

            return;
        }

        try
        {
            Worker[] workers = EnsureWorkers(helpers);
            long started = Stopwatch.GetTimestamp();
            s_job = work;
            s_parts = parts;
            s_error = null;
            Volatile.Write(ref s_done, 0);
            long generation = ++s_generation;
            Volatile.Write(ref s_state, generation << 32);
            for (int w = 0; w < helpers; w++)
            {
                workers[w].Wake(generation);
            }

            RunParts(generation);

            // Wait only for parts that a worker claimed and is still running.
            SpinWait spinner = default;
            while (Volatile.Read(ref s_done) != parts)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            s_job = null;
            Volatile.Write(ref s_lastJobTicks, Stopwatch.GetTimestamp() - started);
            Exception? error = s_error;
            if (error is not null)
            {
                throw new AggregateException("A compute worker failed.", error);
            }
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Claims and runs parts of job <paramref name="generation"/> until none is left.</summary>
    private static void RunParts(long generation)
    {
        while (true)
        {
            long state = Volatile.Read(ref s_state);
            if ((state >> 32) != generation)
            {
                return;
            }

            int next = (int)(state & 0xFFFF_FFFF);
            if (next >= Volatile.Read(ref s_parts))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref s_state, state + 1, state) != state)
            {
                continue;
            }

            // A claimed part keeps its job current: the job cannot end (nor s_job change) before it is done.
            try
            {
                s_job!.Execute(next);
            }
            catch (Exception e)
            {
                s_error = e;
            }
            finally
            {
                Interlocked.Increment(ref s_done);
            }
        }
    }

    private static Worker[] EnsureWorkers(int count)
    {
        Worker[] workers = s_workers;
        if (workers.Length >= count)
        {
            return workers;
        }

        lock (s_createLock)
        {
            workers = s_workers;
            if (workers.Length < count)
            {
                var grown = new Worker[count];
                Array.Copy(workers, grown, workers.Length);
                for (int i = workers.Length; i < count; i++)
                {
                    grown[i] = new Worker(i);
                }

                s_workers = workers = grown;
            }
        }

        return workers;
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
        private long _sequence;
        private long _seen;
        private int _sleeping;

        public Worker(int index)
        {
            var thread = new Thread(Loop, maxStackSize: 1 << 20)
            {
                IsBackground = true,
                Name = "Recur compute " + (index + 1),
            };
            thread.Start();
        }

        public void Wake(long sequence)
        {
            Volatile.Write(ref _sequence, sequence);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _signal.Release();
            }
        }

        private void Loop()
        {
            while (true)
            {
                WaitForWork();
                _seen = Volatile.Read(ref _sequence);
                RunParts(_seen);
            }
        }

        private void WaitForWork()
        {
            long start = Stopwatch.GetTimestamp();
            long spinTicks = Math.Clamp(2 * Volatile.Read(ref s_lastJobTicks), s_minSpinTicks, s_maxSpinTicks);
            int spins = 0;
            while (Volatile.Read(ref _sequence) == _seen)
            {
                Thread.SpinWait(8);
                if ((++spins & 63) == 0)
                {
                    if (Stopwatch.GetTimestamp() - start > spinTicks)
                    {
                        Interlocked.Exchange(ref _sleeping, 1);
                        if (Volatile.Read(ref _sequence) != _seen)
                        {
                            if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                            {
                                _signal.Wait(); // the waker saw us asleep and released: consume it
                            }

                            return;
                        }

                        _signal.Wait();
                        start = Stopwatch.GetTimestamp();
                    }
                    else if ((spins & 1023) == 0)
                    {
                        Thread.Yield();
                    }
                }
            }
        }
    }
}
