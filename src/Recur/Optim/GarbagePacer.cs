using System.Diagnostics;

namespace Recur.Optim;

/// <summary>
/// Frees the garbage of finished training steps before it piles up: after an optimizer step, when the managed
/// allocations since the last full collection exceed a 32nd of the heap that survived it (and at least
/// <see cref="MinBytes"/>), a full non-compacting collection runs. PyTorch frees a step's outputs and gradients the
/// moment their last reference goes; .NET frees them only at a collection, which for large arrays comes after an
/// allocation budget that grows with the heap, so without this the resident set of a training loop climbs by many
/// steps' outputs above what the step needs. The cost is bounded: a collection is skipped unless the time since the
/// previous one is at least <see cref="MaxOverheadRatio"/> times what that one took (≤ 5% of the loop's time), and
/// small models never reach the byte threshold.
/// </summary>
internal static class GarbagePacer
{
    /// <summary>The least garbage worth a collection.</summary>
    public const long MinBytes = 4L << 20;

    /// <summary>A collection must be this many times rarer than it is long.</summary>
    public const int MaxOverheadRatio = 20;

    private static readonly Lock s_gate = new();
    private static long s_allocatedAtCollect = -1;
    private static int s_gen2Count = -1;
    private static long s_lastEnd;
    private static long s_lastCost;

    /// <summary>The number of collections this pacer started (for tests).</summary>
    public static int Collections { get; private set; }

    /// <summary>Called after each optimizer step.</summary>
    public static void AfterStep()
    {
        lock (s_gate)
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: false);
            int gen2 = GC.CollectionCount(2);
            if (gen2 != s_gen2Count || s_allocatedAtCollect < 0)
            {
                // A full collection ran since the last look (the runtime's own, or none seen yet): count from here.
                s_gen2Count = gen2;
                s_allocatedAtCollect = allocated;
                return;
            }

            long since = allocated - s_allocatedAtCollect;
            if (since < MinBytes || since < GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes / 32)
            {
                return;
            }

            long start = Stopwatch.GetTimestamp();
            if (s_lastCost > 0 && start - s_lastEnd < MaxOverheadRatio * s_lastCost)
            {
                return;
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
            long end = Stopwatch.GetTimestamp();
            s_lastCost = end - start;
            s_lastEnd = end;
            s_gen2Count = GC.CollectionCount(2);
            s_allocatedAtCollect = GC.GetTotalAllocatedBytes(precise: false);
            Collections++;
        }
    }
}
