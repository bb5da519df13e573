using System.Diagnostics;

namespace Recur.Kernels;

/// <summary>
/// Long-lived compute threads for fork/join kernels (one per extra core, created on first use). A worker spins
/// briefly for new work, then blocks; the caller publishes a job, runs parts itself, and spin-waits at the join.
/// A hand-off costs well under a microsecond, unlike <c>Parallel.For</c> or a <c>Task</c> per call.
/// Only one job runs at a time; a caller that finds the workers busy runs its job alone.
/// </summary>
internal static class ComputeWorkers
{
    /// <summary>How long an idle worker spins before it blocks.</summary>
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private static readonly object s_createLock = new();
    private static Worker[] s_workers = [];
    private static int s_busy;

    private static ComputeWork? s_job;
    private static int s_parts;
    private static int s_activeWorkers;
    private static int s_nextPart;
    private static int s_pending;
    private static long s_sequence;
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
            s_job = work;
            s_parts = parts;
            s_activeWorkers = helpers;
            s_nextPart = 0;
            s_error = null;
            Volatile.Write(ref s_pending, helpers);
            long seq = Interlocked.Increment(ref s_sequence);
            for (int w = 0; w < helpers; w++)
            {
                workers[w].Wake(seq);
            }

            RunParts(work, parts);

            SpinWait spinner = default;
            while (Volatile.Read(ref s_pending) != 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            s_job = null;
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

    private static void RunParts(ComputeWork work, int parts)
    {
        int p;
        while ((p = Interlocked.Increment(ref s_nextPart) - 1) < parts)
        {
            work.Execute(p);
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
        private readonly int _index;
        private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
        private long _sequence;
        private long _seen;
        private int _sleeping;

        public Worker(int index)
        {
            _index = index;
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
                if (_index < Volatile.Read(ref s_activeWorkers))
                {
                    try
                    {
                        RunParts(s_job!, s_parts);
                    }
                    catch (Exception e)
                    {
                        s_error = e;
                    }
                    finally
                    {
                        Interlocked.Decrement(ref s_pending);
                    }
                }
            }
        }

        private void WaitForWork()
        {
            long start = Stopwatch.GetTimestamp();
            int spins = 0;
            while (Volatile.Read(ref _sequence) == _seen)
            {
                Thread.SpinWait(8);
                if ((++spins & 63) == 0)
                {
                    if (Stopwatch.GetTimestamp() - start > s_spinTicks)
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
