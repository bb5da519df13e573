using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recur.Kernels;

namespace Recur.Modules;

/// <summary>
/// Packed recurrent weights kept from one inference call to the next. Packing a weight costs as much as several
/// recurrent steps (a 4096 × 1024 W_hh: ≈ 10 ms, a 128 × 32 one: ≈ 3 µs — more than a tiny layer's whole step loop),
/// and under no-grad the weights rarely change between calls. Each cached pack keeps an exact copy of the source floats
/// it was packed from and is re-packed whenever the source differs bit for bit (a vectorized byte comparison that stops at
/// the first difference, ~10× cheaper than packing; -0 and +0, or two NaN payloads, count as different), so a weight changed in any way — an optimizer step, LoadStateDict, a write
/// through <see cref="Tensor.AsSpan"/> — is always seen. Entries live as long as the weight array (a weak table) and
/// are leased to one caller at a time; a caller that finds them all leased (or asks for no caching: training, where
/// weights change at every step) gets a pack from the per-thread pool instead.
/// </summary>
internal static class PackedWeightCache
{
    private const int MaxEntriesPerWeight = 4;

    private static readonly ConditionalWeakTable<float[], List<Entry>> Table = [];

    /// <summary>B = Wᵀ (k, n) for the weight W (n, k) stored row-major at <paramref name="weight"/>[offset …].</summary>
    /// <param name="weight">The weight's array.</param>
    /// <param name="offset">First float of W in <paramref name="weight"/>.</param>
    /// <param name="n">Rows of W (columns of B).</param>
    /// <param name="k">Columns of W (rows of B).</param>
    /// <param name="cache">False to bypass the cache (a pooled pack, re-packed now).</param>
    public static PackedLease Transposed(float[] weight, int offset, int n, int k, bool cache) =>
        Lease(weight, offset, n, k, transposed: true, cache);

    /// <summary>B (k, n) stored row-major (row stride n) at <paramref name="b"/>[offset …].</summary>
    public static PackedLease AsStored(float[] b, int offset, int k, int n, bool cache) =>
        Lease(b, offset, n, k, transposed: false, cache);

    private static PackedLease Lease(float[] source, int offset, int n, int k, bool transposed, bool cache)
    {
        int length = n * k;
        ReadOnlySpan<float> src = source.AsSpan(offset, length);
        if (!cache || length == 0)
        {
            return new PackedLease(transposed ? PackedWeightPool.Transposed(src, n, k) : PackedWeightPool.AsStored(src, k, n), null);
        }

        List<Entry> list = Table.GetValue(source, static _ => []);
        Entry? entry = null;
        lock (list)
        {
            foreach (Entry e in list)
            {
                if (!e.Leased && e.Offset == offset && e.K == k && e.N == n && e.Transposed == transposed)
                {
                    entry = e;
                    break;
                }
            }

            if (entry is null && list.Count < MaxEntriesPerWeight)
            {
                entry = new Entry(offset, k, n, transposed);
                list.Add(entry);
            }

            if (entry is not null)
            {
                entry.Leased = true;
            }
        }

        if (entry is null)
        {
            return new PackedLease(transposed ? PackedWeightPool.Transposed(src, n, k) : PackedWeightPool.AsStored(src, k, n), null);
        }

        if (!entry.Valid || !MemoryMarshal.AsBytes(src).SequenceEqual(MemoryMarshal.AsBytes(entry.Copy.AsSpan())))
        {
            entry.Valid = false;
            if (transposed)
            {
                entry.Packed.Pack(src, k, transposed: true);
            }
            else
            {
                entry.Packed.Pack(src, n);
            }

            src.CopyTo(entry.Copy);
            entry.Valid = true;
        }

        return new PackedLease(entry.Packed, entry);
    }

    /// <summary>A packed matrix on loan: from the cache (given back by <see cref="Dispose"/>) or from the thread's pool.</summary>
    internal readonly struct PackedLease : IDisposable
    {
        private readonly Entry? _entry;

        internal PackedLease(PackedMatrix matrix, Entry? entry)
        {
            Matrix = matrix;
            _entry = entry;
        }

        /// <summary>The packed matrix, valid until <see cref="Dispose"/>.</summary>
        public PackedMatrix Matrix { get; }

        /// <summary>Gives the matrix back (to the cache, or to the calling thread's pool).</summary>
        public void Dispose()
        {
            if (_entry is not null)
            {
                _entry.Leased = false;
            }
            else if (Matrix is not null)
            {
                PackedWeightPool.Return(Matrix);
            }
        }
    }

    /// <summary>One cached pack of a region of a weight array.</summary>
    internal sealed class Entry(int offset, int k, int n, bool transposed)
    {
        public int Offset { get; } = offset;

        public int K { get; } = k;

        public int N { get; } = n;

        public bool Transposed { get; } = transposed;

        public float[] Copy { get; } = new float[k * n];

        public PackedMatrix Packed { get; } = new(k, n);

        public bool Valid { get; set; }

        public volatile bool Leased;
    }
}
