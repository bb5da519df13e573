using System.Buffers;
using System.Numerics.Tensors;
using Recur.Kernels;

namespace Recur.Modules;

/// <summary>
/// Helpers shared by the fused GRU and simple-RNN layer operations: running the directions of a layer (concurrently
/// when there are two and the work is worth a fork), rebuilding h_{t−1} for every step from the output sequence
/// (the backward pass needs it for dW_hh), bias-gradient column sums, batch-order gathers, pooled scratch arrays and
/// packed weights (so a call allocates nothing large but its outputs and saved activations), and the per-layer
/// weight list.
/// </summary>
internal static class RnnLayerSupport
{
    /// <summary>Packed weights up to this many floats are kept per thread for the next call.</summary>
    private const long MaxPooledFloats = 1L << 22;

    /// <summary>Below this many multiply-adds per direction the two directions run one after the other.</summary>
    private const long ParallelWork = 1L << 16;

    /// <summary>
    /// The most flops of one step's recurrent product for which a forward pass runs two directions concurrently (with
    /// at least 8 rows, W_hh of a GRU at this bound is at most 3·204² floats, well within a core's L2).
    /// </summary>
    private const double ConcurrentForwardMaxStepFlops = 2e6;

    [ThreadStatic]
    private static Dictionary<long, PackedMatrix>? t_packs;

    /// <summary>
    /// Runs <paramref name="body"/> for each direction. The two directions of a bidirectional layer run on two cores,
    /// as the two parts of one <see cref="ComputeWorkers"/> job (which keeps a GEMM inside a direction on its thread),
    /// when <see cref="RunsConcurrently"/>; otherwise one after the other, each step's work split over the cores where
    /// the step runner or the GEMM finds it worth it.
    /// </summary>
    /// <remarks>
    /// <paramref name="body"/> gets <paramref name="state"/> and the direction, so that callers pass a static lambda
    /// and a training step allocates no closure when the directions run one after the other.
    /// </remarks>
    public static void ForEachDirection<TState>(int directions, long workPerDirection, double stepFlops, bool forward, TState state, Action<TState, int> body)
    {
        if (RunsConcurrently(directions, workPerDirection, stepFlops, forward))
        {
            RunBoth(state, body);
            return;
        }

        for (int d = 0; d < directions; d++)
        {
            body(state, d);
        }
    }

    private static void RunBoth<TState>(TState state, Action<TState, int> body) =>
        ComputeWorkers.Run(new DelegateWork(d => body(state, d)), 2, 2);

    /// <summary>
    /// Whether <see cref="ForEachDirection"/> runs the directions concurrently for these sizes: the whole recurrence is
    /// worth a fork (<paramref name="workPerDirection"/> multiply-adds) and each step's product
    /// (<paramref name="stepFlops"/>) is small enough that the GEMM runs on the calling thread alone (larger steps run
    /// the directions one after the other with every step's GEMM split over the cores instead: two directions each
    /// forking their GEMMs would put three threads on two cores). A forward pass also runs medium steps (up to
    /// <see cref="ConcurrentForwardMaxStepFlops"/>) concurrently, each direction on one core without a fork per step:
    /// bidirectional GRU inference, 4 interleaved pairs, T = 100, B = 32, H = 64 (0.79 MFLOP steps, which the step
    /// runner does not split) medians 3.0–5.9 → 2.2–3.3 ms; T = 50, B = 8 (already concurrent, now on the compute
    /// worker instead of Parallel.Invoke) 0.39–0.65 → 0.30–0.55 ms.
    /// </summary>
    public static bool RunsConcurrently(int directions, long workPerDirection, double stepFlops, bool forward) =>
        directions == 2 && Parallelism.MaxThreads >= 2 && workPerDirection >= ParallelWork
        && (stepFlops < GemmBlocking.ParallelFlops || (forward && stepFlops < ConcurrentForwardMaxStepFlops));

    /// <summary>
    /// Fills <paramref name="previous"/> (T·B, H) with h_{t−1} of every valid (t, b) of one direction, read from the
    /// direction's columns of the output sequence (or from h0 at the sequence's first step); rows of padded steps
    /// are zero. Forward: the first step is t = 0 and h_{t−1} = y[t − 1]; reverse: the first step is
    /// t = len_b − 1 and h_{t−1} = y[t + 1].
    /// </summary>
    public static void BuildPrevious(
        Span<float> previous, ReadOnlySpan<float> y, int ldy, int column, ReadOnlySpan<float> h0,
        ReadOnlySpan<int> lengths, bool reverse, int seqLen, int batch, int hidden)
    {
        for (int t = 0; t < seqLen; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                Span<float> dst = previous.Slice(((t * batch) + b) * hidden, hidden);
                int len = lengths.IsEmpty ? seqLen : lengths[b];
                if (t >= len)
                {
                    dst.Clear();
                    continue;
                }

                bool first = reverse ? t == len - 1 : t == 0;
                int tp = reverse ? t + 1 : t - 1;
                ReadOnlySpan<float> src = first
                    ? h0.Slice(b * hidden, hidden)
                    : y.Slice((((tp * batch) + b) * ldy) + column, hidden);
                src.CopyTo(dst);
            }
        }
    }

    /// <summary>
    /// dW_ih (G·H, I) += dGᵀ·X over all T·B rows, where the gate-gradient columns of dW's row blocks are given by
    /// <paramref name="blocks"/> (column of dG, first row of dW, row count). A narrow input (I below one GEMM panel)
    /// makes dGᵀ·X a product with few columns, which a GEMM runs poorly: then Xᵀ·dG (I, width) is computed in one
    /// product and its transpose added.
    /// </summary>
    public static void AddInputWeightGradient(
        Span<float> dw, ReadOnlySpan<float> g, int ldg, int width, ReadOnlySpan<float> x, int input, int rows,
        ReadOnlySpan<(int Column, int Row, int Count)> blocks)
    {
        if (input >= 32)
        {
            foreach ((int column, int row, int count) in blocks)
            {
                Gemm.Sgemm(dw[(row * input)..], input, g[column..], ldg, x, input, count, input, rows, GemmTranspose.TN, 1f, 1f);
            }

            return;
        }

        float[] xg = Rent(input * width, clear: false);
        Gemm.Sgemm(xg, width, x, input, g, ldg, input, width, rows, GemmTranspose.TN);
        foreach ((int column, int row, int count) in blocks)
        {
            for (int r = 0; r < count; r++)
            {
                Span<float> dst = dw.Slice((row + r) * input, input);
                for (int i = 0; i < input; i++)
                {
                    dst[i] += xg[(i * width) + column + r];
                }
            }
        }

        Return(xg);
    }

    /// <summary>db[j] += Σ_rows g[row·ldg + j] for j &lt; db.Length (rows summed in order).</summary>
    public static void AddColumnSums(Span<float> db, ReadOnlySpan<float> g, int ldg, int rows)
    {
        int width = db.Length;
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(db, g.Slice(r * ldg, width), db);
        }
    }

    /// <summary>
    /// A scratch array of at least <paramref name="length"/> floats from the shared pool (large per-call buffers would
    /// otherwise land on the large-object heap at every call); zeroed over [0, length) when <paramref name="clear"/>.
    /// Give it back with <see cref="Return"/> once nothing refers to it.
    /// </summary>
    public static float[] Rent(int length, bool clear)
    {
        float[] a = ArrayPool<float>.Shared.Rent(Math.Max(1, length));
        if (clear)
        {
            a.AsSpan(0, length).Clear();
        }

        return a;
    }

    /// <summary>Returns arrays from <see cref="Rent"/> to the pool (empty arrays are ignored).</summary>
    public static void Return(params ReadOnlySpan<float[]?> arrays)
    {
        foreach (float[]? a in arrays)
        {
            if (a is { Length: > 0 })
            {
                ArrayPool<float>.Shared.Return(a);
            }
        }
    }

    /// <summary>
    /// A packed matrix of shape (k, n) from the calling thread's pool (or a new one): packing storage is pinned and
    /// costs more to allocate than to fill at small sizes, so each call re-packs a pooled one in place.
    /// </summary>
    public static PackedMatrix RentPacked(int k, int n)
    {
        long key = ((long)k << 32) | (uint)n;
        return t_packs is not null && t_packs.Remove(key, out PackedMatrix? p) ? p : new PackedMatrix(k, n);
    }

    /// <summary>Gives a matrix from <see cref="RentPacked"/> back to the calling thread's pool.</summary>
    public static void ReturnPacked(PackedMatrix? packed)
    {
        if (packed is not null && (long)packed.K * packed.N <= MaxPooledFloats)
        {
            (t_packs ??= []).TryAdd(((long)packed.K << 32) | (uint)packed.N, packed);
        }
    }

    /// <summary>B = Wᵀ (k, n) for a weight W stored (n, k), packed into a pooled matrix.</summary>
    public static PackedMatrix PackTransposed(ReadOnlySpan<float> weight, int n, int k)
    {
        PackedMatrix p = RentPacked(k, n);
        p.PackWeight(weight);
        return p;
    }

    /// <summary>B (k, n) stored row-major with row stride n, packed into a pooled matrix.</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> b, int k, int n)
    {
        PackedMatrix p = RentPacked(k, n);
        p.Pack(b, n);
        return p;
    }

    /// <summary>The lengths in the sorted batch order (empty when there are none).</summary>
    public static int[] SortedLengths(BatchOrder order, int[] lengths)
    {
        if (lengths.Length == 0 || order.IsIdentity)
        {
            return lengths;
        }

        var sorted = new int[lengths.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = lengths[order.Order![i]];
        }

        return sorted;
    }

    /// <summary>(outer, B, width) data in the sorted batch order: the same array when the order is the identity, else a gathered copy.</summary>
    public static float[] Sorted(BatchOrder order, float[] data, int outer, int batch, int width)
    {
        if (order.IsIdentity)
        {
            return data;
        }

        var sorted = new float[outer * batch * width];
        order.Gather(sorted, data, outer, batch, width);
        return sorted;
    }

    /// <summary>(outer, B, width) data in the sorted batch order, copied into a pooled array (see <see cref="Rent"/>).</summary>
    public static float[] SortedScratch(BatchOrder order, ReadOnlySpan<float> data, int outer, int batch, int width)
    {
        float[] sorted = Rent(outer * batch * width, clear: false);
        order.Gather(sorted, data, outer, batch, width);
        return sorted;
    }

    /// <summary>Sorted (outer, B, width) data back in the caller's order: the same array for the identity order, else a scattered copy (a <see cref="TensorPool"/> array: it becomes an output's storage).</summary>
    public static float[] Unsorted(BatchOrder order, float[] sorted, int outer, int batch, int width)
    {
        if (order.IsIdentity)
        {
            return sorted;
        }

        float[] data = TensorPool.Rent(outer * batch * width, clear: false);
        order.Scatter(data, sorted, outer, batch, width, accumulate: false);
        return data;
    }

    /// <summary>The op's weight list for one layer: per direction W_ih, W_hh and, with bias, b_ih, b_hh.</summary>
    public static Tensor[] LayerWeights(RecurrentWeights[] all, int layer, int directions, bool bias)
    {
        int per = bias ? 4 : 2;
        var list = new Tensor[per * directions];
        for (int d = 0; d < directions; d++)
        {
            RecurrentWeights w = all[(layer * directions) + d];
            list[d * per] = w.WeightIh;
            list[(d * per) + 1] = w.WeightHh;
            if (bias)
            {
                list[(d * per) + 2] = w.BiasIh!;
                list[(d * per) + 3] = w.BiasHh!;
            }
        }

        return list;
    }
}
