// Written from one template (one kernel per tile shape): keep all shapes alike when editing.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

/// <summary>
/// Vector512 register-blocked SGEMM micro-kernels. Every kernel accumulates each C element as
/// acc = fma(a[i,p], b[p,j], acc) for p = 0..kc−1 in order, then stores α·acc + β·C (β = 0: C is not read),
/// so a C element gets bit-identical results whichever kernel shape or thread computes it.
/// B is packed in panels of 32 columns: element (p, j) of a panel at b[p·32 + j], zero-padded past the last column.
/// </summary>
[SkipLocalsInit]
internal static unsafe class GemmKernels512
{
    /// <summary>
    /// Compiles every kernel (all are <see cref="MethodImplOptions.AggressiveOptimization"/>, so straight to final
    /// code) when the first one is used, not when a shape first needs it: otherwise the first call with, say, one row
    /// (B = 1) compiles a large AVX-512 kernel in the middle of a training loop, which costs milliseconds of latency and
    /// about 1 MiB of the compiler's scratch memory at that moment. Costs about 25 ms once per process (12 kernels;
    /// a run used 3 to 6 of them before, compiled one by one on first use).
    /// </summary>
    static GemmKernels512()
    {
        foreach (System.Reflection.MethodInfo m in typeof(GemmKernels512).GetMethods(
            System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
        {
            if ((m.MethodImplementationFlags & System.Reflection.MethodImplAttributes.AggressiveOptimization) != 0)
            {
                RuntimeHelpers.PrepareMethod(m.MethodHandle);
            }
        }
    }

    /// <summary>Stores α·acc + β·C to 16 floats at <paramref name="c"/> (β = 0: C is not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreFull(float* c, Vector512<float> acc, float alpha, float beta)
    {
        Vector512<float> r = acc * alpha;
        if (beta != 0f)
        {
            r += Vector512.Load(c) * beta;
        }

        r.Store(c);
    }

    /// <summary>Stores α·t + β·C for a rows × cols edge tile held in <paramref name="t"/> (row stride <paramref name="ts"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void MergeTile(float* t, int ts, float* c, nint ldc, int rows, int cols, float alpha, float beta)
    {
        for (int i = 0; i < rows; i++)
        {
            float* ti = t + (i * ts);
            float* ci = c + (i * ldc);
            for (int j = 0; j < cols; j++)
            {
                float r = ti[j] * alpha;
                if (beta != 0f)
                {
                    r += ci[j] * beta;
                }

                ci[j] = r;
            }
        }
    }

    /// <summary>8×32 tile, A packed as [k][8] (zero-padded rows); stores rows &lt; <paramref name="rows"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Packed8x32(nint kc, float* a, float* b, float* c, nint ldc, int rows, int cols, float alpha, float beta)
        => Packed8x32(kc, a, b, c, ldc, rows, cols, alpha, beta, b, 0);

    /// <summary>
    /// 8×32 tile, A packed as [k][8] (zero-padded rows); stores rows &lt; <paramref name="rows"/>. Each k step also
    /// prefetches (into L2) the line at <paramref name="pf"/>, which advances by <paramref name="pfStep"/> floats per
    /// step: the driver points it at the next B panel so that streaming a large packed weight from memory is spread
    /// over all the row passes of a panel instead of bursting at the first one. Prefetches never fault.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Packed8x32(nint kc, float* a, float* b, float* c, nint ldc, int rows, int cols, float alpha, float beta, float* pf, nint pfStep)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default;
        Vector512<float> c2_0 = default; Vector512<float> c2_1 = default;
        Vector512<float> c3_0 = default; Vector512<float> c3_1 = default;
        Vector512<float> c4_0 = default; Vector512<float> c4_1 = default;
        Vector512<float> c5_0 = default; Vector512<float> c5_1 = default;
        Vector512<float> c6_0 = default; Vector512<float> c6_1 = default;
        Vector512<float> c7_0 = default; Vector512<float> c7_1 = default;
        float* b0 = b;
        // Fetch the C tile early: it is read (β ≠ 0) or written only after the k loop; prefetches never fault.
        if (Sse.IsSupported)
        {
            float* e0 = c;
            Sse.Prefetch0(e0);
            Sse.Prefetch0(e0 + 16);
            Sse.Prefetch0(e0 + 31);
            float* e1 = c + (1 * ldc);
            Sse.Prefetch0(e1);
            Sse.Prefetch0(e1 + 16);
            Sse.Prefetch0(e1 + 31);
            float* e2 = c + (2 * ldc);
            Sse.Prefetch0(e2);
            Sse.Prefetch0(e2 + 16);
            Sse.Prefetch0(e2 + 31);
            float* e3 = c + (3 * ldc);
            Sse.Prefetch0(e3);
            Sse.Prefetch0(e3 + 16);
            Sse.Prefetch0(e3 + 31);
            float* e4 = c + (4 * ldc);
            Sse.Prefetch0(e4);
            Sse.Prefetch0(e4 + 16);
            Sse.Prefetch0(e4 + 31);
            float* e5 = c + (5 * ldc);
            Sse.Prefetch0(e5);
            Sse.Prefetch0(e5 + 16);
            Sse.Prefetch0(e5 + 31);
            float* e6 = c + (6 * ldc);
            Sse.Prefetch0(e6);
            Sse.Prefetch0(e6 + 16);
            Sse.Prefetch0(e6 + 31);
            float* e7 = c + (7 * ldc);
            Sse.Prefetch0(e7);
            Sse.Prefetch0(e7 + 16);
            Sse.Prefetch0(e7 + 31);
        }

        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> x0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            Vector512<float> x1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(x1, v0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(x1, v1, c1_1);
            Vector512<float> x2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(x2, v0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(x2, v1, c2_1);
            Vector512<float> x3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(x3, v0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(x3, v1, c3_1);
            Vector512<float> x4 = Vector512.Create(a[4]);
            c4_0 = Vector512.FusedMultiplyAdd(x4, v0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(x4, v1, c4_1);
            Vector512<float> x5 = Vector512.Create(a[5]);
            c5_0 = Vector512.FusedMultiplyAdd(x5, v0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(x5, v1, c5_1);
            Vector512<float> x6 = Vector512.Create(a[6]);
            c6_0 = Vector512.FusedMultiplyAdd(x6, v0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(x6, v1, c6_1);
            Vector512<float> x7 = Vector512.Create(a[7]);
            c7_0 = Vector512.FusedMultiplyAdd(x7, v0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(x7, v1, c7_1);
            Sse.Prefetch1(pf);
            pf += pfStep;
            b0 += 32;
            a += 8;
        }

        if (rows >= 8 && cols >= 32)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            float* d1 = c + (1 * ldc);
            StoreFull(d1 + 0, c1_0, alpha, beta);
            StoreFull(d1 + 16, c1_1, alpha, beta);
            float* d2 = c + (2 * ldc);
            StoreFull(d2 + 0, c2_0, alpha, beta);
            StoreFull(d2 + 16, c2_1, alpha, beta);
            float* d3 = c + (3 * ldc);
            StoreFull(d3 + 0, c3_0, alpha, beta);
            StoreFull(d3 + 16, c3_1, alpha, beta);
            float* d4 = c + (4 * ldc);
            StoreFull(d4 + 0, c4_0, alpha, beta);
            StoreFull(d4 + 16, c4_1, alpha, beta);
            float* d5 = c + (5 * ldc);
            StoreFull(d5 + 0, c5_0, alpha, beta);
            StoreFull(d5 + 16, c5_1, alpha, beta);
            float* d6 = c + (6 * ldc);
            StoreFull(d6 + 0, c6_0, alpha, beta);
            StoreFull(d6 + 16, c6_1, alpha, beta);
            float* d7 = c + (7 * ldc);
            StoreFull(d7 + 0, c7_0, alpha, beta);
            StoreFull(d7 + 16, c7_1, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[256];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c1_0.Store(t + 32);
            c1_1.Store(t + 48);
            c2_0.Store(t + 64);
            c2_1.Store(t + 80);
            c3_0.Store(t + 96);
            c3_1.Store(t + 112);
            c4_0.Store(t + 128);
            c4_1.Store(t + 144);
            c5_0.Store(t + 160);
            c5_1.Store(t + 176);
            c6_0.Store(t + 192);
            c6_1.Store(t + 208);
            c7_0.Store(t + 224);
            c7_1.Store(t + 240);
            MergeTile(t, 32, c, ldc, rows, Math.Min(cols, 32), alpha, beta);
        }
    }

    /// <summary>8×32 tile, A read in place (row i at a + i·lda); B panels 1 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows8x32(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default;
        Vector512<float> c2_0 = default; Vector512<float> c2_1 = default;
        Vector512<float> c3_0 = default; Vector512<float> c3_1 = default;
        Vector512<float> c4_0 = default; Vector512<float> c4_1 = default;
        Vector512<float> c5_0 = default; Vector512<float> c5_1 = default;
        Vector512<float> c6_0 = default; Vector512<float> c6_1 = default;
        Vector512<float> c7_0 = default; Vector512<float> c7_1 = default;
        float* a0 = a;
        float* a1 = a + (1 * lda);
        float* a2 = a + (2 * lda);
        float* a3 = a + (3 * lda);
        float* a4 = a + (4 * lda);
        float* a5 = a + (5 * lda);
        float* a6 = a + (6 * lda);
        float* a7 = a + (7 * lda);
        float* b0 = b;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            Vector512<float> x1 = Vector512.Create(a1[p]);
            c1_0 = Vector512.FusedMultiplyAdd(x1, v0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(x1, v1, c1_1);
            Vector512<float> x2 = Vector512.Create(a2[p]);
            c2_0 = Vector512.FusedMultiplyAdd(x2, v0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(x2, v1, c2_1);
            Vector512<float> x3 = Vector512.Create(a3[p]);
            c3_0 = Vector512.FusedMultiplyAdd(x3, v0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(x3, v1, c3_1);
            Vector512<float> x4 = Vector512.Create(a4[p]);
            c4_0 = Vector512.FusedMultiplyAdd(x4, v0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(x4, v1, c4_1);
            Vector512<float> x5 = Vector512.Create(a5[p]);
            c5_0 = Vector512.FusedMultiplyAdd(x5, v0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(x5, v1, c5_1);
            Vector512<float> x6 = Vector512.Create(a6[p]);
            c6_0 = Vector512.FusedMultiplyAdd(x6, v0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(x6, v1, c6_1);
            Vector512<float> x7 = Vector512.Create(a7[p]);
            c7_0 = Vector512.FusedMultiplyAdd(x7, v0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(x7, v1, c7_1);
            b0 += 32;
        }

        if (cols >= 32)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            float* d1 = c + (1 * ldc);
            StoreFull(d1 + 0, c1_0, alpha, beta);
            StoreFull(d1 + 16, c1_1, alpha, beta);
            float* d2 = c + (2 * ldc);
            StoreFull(d2 + 0, c2_0, alpha, beta);
            StoreFull(d2 + 16, c2_1, alpha, beta);
            float* d3 = c + (3 * ldc);
            StoreFull(d3 + 0, c3_0, alpha, beta);
            StoreFull(d3 + 16, c3_1, alpha, beta);
            float* d4 = c + (4 * ldc);
            StoreFull(d4 + 0, c4_0, alpha, beta);
            StoreFull(d4 + 16, c4_1, alpha, beta);
            float* d5 = c + (5 * ldc);
            StoreFull(d5 + 0, c5_0, alpha, beta);
            StoreFull(d5 + 16, c5_1, alpha, beta);
            float* d6 = c + (6 * ldc);
            StoreFull(d6 + 0, c6_0, alpha, beta);
            StoreFull(d6 + 16, c6_1, alpha, beta);
            float* d7 = c + (7 * ldc);
            StoreFull(d7 + 0, c7_0, alpha, beta);
            StoreFull(d7 + 16, c7_1, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[256];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c1_0.Store(t + 32);
            c1_1.Store(t + 48);
            c2_0.Store(t + 64);
            c2_1.Store(t + 80);
            c3_0.Store(t + 96);
            c3_1.Store(t + 112);
            c4_0.Store(t + 128);
            c4_1.Store(t + 144);
            c5_0.Store(t + 160);
            c5_1.Store(t + 176);
            c6_0.Store(t + 192);
            c6_1.Store(t + 208);
            c7_0.Store(t + 224);
            c7_1.Store(t + 240);
            MergeTile(t, 32, c, ldc, 8, Math.Min(cols, 32), alpha, beta);
        }
    }

    /// <summary>4×64 tile, A read in place (row i at a + i·lda); B panels 2 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows4x64(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default; Vector512<float> c0_2 = default; Vector512<float> c0_3 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default; Vector512<float> c1_2 = default; Vector512<float> c1_3 = default;
        Vector512<float> c2_0 = default; Vector512<float> c2_1 = default; Vector512<float> c2_2 = default; Vector512<float> c2_3 = default;
        Vector512<float> c3_0 = default; Vector512<float> c3_1 = default; Vector512<float> c3_2 = default; Vector512<float> c3_3 = default;
        float* a0 = a;
        float* a1 = a + (1 * lda);
        float* a2 = a + (2 * lda);
        float* a3 = a + (3 * lda);
        float* b0 = b;
        float* b1 = b + (1 * ps);
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> v2 = Vector512.Load(b1);
            Vector512<float> v3 = Vector512.Load(b1 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            c0_2 = Vector512.FusedMultiplyAdd(x0, v2, c0_2);
            c0_3 = Vector512.FusedMultiplyAdd(x0, v3, c0_3);
            Vector512<float> x1 = Vector512.Create(a1[p]);
            c1_0 = Vector512.FusedMultiplyAdd(x1, v0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(x1, v1, c1_1);
            c1_2 = Vector512.FusedMultiplyAdd(x1, v2, c1_2);
            c1_3 = Vector512.FusedMultiplyAdd(x1, v3, c1_3);
            Vector512<float> x2 = Vector512.Create(a2[p]);
            c2_0 = Vector512.FusedMultiplyAdd(x2, v0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(x2, v1, c2_1);
            c2_2 = Vector512.FusedMultiplyAdd(x2, v2, c2_2);
            c2_3 = Vector512.FusedMultiplyAdd(x2, v3, c2_3);
            Vector512<float> x3 = Vector512.Create(a3[p]);
            c3_0 = Vector512.FusedMultiplyAdd(x3, v0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(x3, v1, c3_1);
            c3_2 = Vector512.FusedMultiplyAdd(x3, v2, c3_2);
            c3_3 = Vector512.FusedMultiplyAdd(x3, v3, c3_3);
            b0 += 32;
            b1 += 32;
        }

        if (cols >= 64)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            StoreFull(d0 + 32, c0_2, alpha, beta);
            StoreFull(d0 + 48, c0_3, alpha, beta);
            float* d1 = c + (1 * ldc);
            StoreFull(d1 + 0, c1_0, alpha, beta);
            StoreFull(d1 + 16, c1_1, alpha, beta);
            StoreFull(d1 + 32, c1_2, alpha, beta);
            StoreFull(d1 + 48, c1_3, alpha, beta);
            float* d2 = c + (2 * ldc);
            StoreFull(d2 + 0, c2_0, alpha, beta);
            StoreFull(d2 + 16, c2_1, alpha, beta);
            StoreFull(d2 + 32, c2_2, alpha, beta);
            StoreFull(d2 + 48, c2_3, alpha, beta);
            float* d3 = c + (3 * ldc);
            StoreFull(d3 + 0, c3_0, alpha, beta);
            StoreFull(d3 + 16, c3_1, alpha, beta);
            StoreFull(d3 + 32, c3_2, alpha, beta);
            StoreFull(d3 + 48, c3_3, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[256];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c0_2.Store(t + 32);
            c0_3.Store(t + 48);
            c1_0.Store(t + 64);
            c1_1.Store(t + 80);
            c1_2.Store(t + 96);
            c1_3.Store(t + 112);
            c2_0.Store(t + 128);
            c2_1.Store(t + 144);
            c2_2.Store(t + 160);
            c2_3.Store(t + 176);
            c3_0.Store(t + 192);
            c3_1.Store(t + 208);
            c3_2.Store(t + 224);
            c3_3.Store(t + 240);
            MergeTile(t, 64, c, ldc, 4, Math.Min(cols, 64), alpha, beta);
        }
    }

    /// <summary>2×128 tile, A read in place (row i at a + i·lda); B panels 4 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows2x128(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default; Vector512<float> c0_2 = default; Vector512<float> c0_3 = default; Vector512<float> c0_4 = default; Vector512<float> c0_5 = default; Vector512<float> c0_6 = default; Vector512<float> c0_7 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default; Vector512<float> c1_2 = default; Vector512<float> c1_3 = default; Vector512<float> c1_4 = default; Vector512<float> c1_5 = default; Vector512<float> c1_6 = default; Vector512<float> c1_7 = default;
        float* a0 = a;
        float* a1 = a + (1 * lda);
        float* b0 = b;
        float* b1 = b + (1 * ps);
        float* b2 = b + (2 * ps);
        float* b3 = b + (3 * ps);
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> v2 = Vector512.Load(b1);
            Vector512<float> v3 = Vector512.Load(b1 + 16);
            Vector512<float> v4 = Vector512.Load(b2);
            Vector512<float> v5 = Vector512.Load(b2 + 16);
            Vector512<float> v6 = Vector512.Load(b3);
            Vector512<float> v7 = Vector512.Load(b3 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            c0_2 = Vector512.FusedMultiplyAdd(x0, v2, c0_2);
            c0_3 = Vector512.FusedMultiplyAdd(x0, v3, c0_3);
            c0_4 = Vector512.FusedMultiplyAdd(x0, v4, c0_4);
            c0_5 = Vector512.FusedMultiplyAdd(x0, v5, c0_5);
            c0_6 = Vector512.FusedMultiplyAdd(x0, v6, c0_6);
            c0_7 = Vector512.FusedMultiplyAdd(x0, v7, c0_7);
            Vector512<float> x1 = Vector512.Create(a1[p]);
            c1_0 = Vector512.FusedMultiplyAdd(x1, v0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(x1, v1, c1_1);
            c1_2 = Vector512.FusedMultiplyAdd(x1, v2, c1_2);
            c1_3 = Vector512.FusedMultiplyAdd(x1, v3, c1_3);
            c1_4 = Vector512.FusedMultiplyAdd(x1, v4, c1_4);
            c1_5 = Vector512.FusedMultiplyAdd(x1, v5, c1_5);
            c1_6 = Vector512.FusedMultiplyAdd(x1, v6, c1_6);
            c1_7 = Vector512.FusedMultiplyAdd(x1, v7, c1_7);
            b0 += 32;
            b1 += 32;
            b2 += 32;
            b3 += 32;
        }

        if (cols >= 128)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            StoreFull(d0 + 32, c0_2, alpha, beta);
            StoreFull(d0 + 48, c0_3, alpha, beta);
            StoreFull(d0 + 64, c0_4, alpha, beta);
            StoreFull(d0 + 80, c0_5, alpha, beta);
            StoreFull(d0 + 96, c0_6, alpha, beta);
            StoreFull(d0 + 112, c0_7, alpha, beta);
            float* d1 = c + (1 * ldc);
            StoreFull(d1 + 0, c1_0, alpha, beta);
            StoreFull(d1 + 16, c1_1, alpha, beta);
            StoreFull(d1 + 32, c1_2, alpha, beta);
            StoreFull(d1 + 48, c1_3, alpha, beta);
            StoreFull(d1 + 64, c1_4, alpha, beta);
            StoreFull(d1 + 80, c1_5, alpha, beta);
            StoreFull(d1 + 96, c1_6, alpha, beta);
            StoreFull(d1 + 112, c1_7, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[256];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c0_2.Store(t + 32);
            c0_3.Store(t + 48);
            c0_4.Store(t + 64);
            c0_5.Store(t + 80);
            c0_6.Store(t + 96);
            c0_7.Store(t + 112);
            c1_0.Store(t + 128);
            c1_1.Store(t + 144);
            c1_2.Store(t + 160);
            c1_3.Store(t + 176);
            c1_4.Store(t + 192);
            c1_5.Store(t + 208);
            c1_6.Store(t + 224);
            c1_7.Store(t + 240);
            MergeTile(t, 128, c, ldc, 2, Math.Min(cols, 128), alpha, beta);
        }
    }

    /// <summary>1×128 tile, A read in place (row i at a + i·lda); B panels 4 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows1x128(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default; Vector512<float> c0_2 = default; Vector512<float> c0_3 = default; Vector512<float> c0_4 = default; Vector512<float> c0_5 = default; Vector512<float> c0_6 = default; Vector512<float> c0_7 = default;
        float* a0 = a;
        float* b0 = b;
        float* b1 = b + (1 * ps);
        float* b2 = b + (2 * ps);
        float* b3 = b + (3 * ps);
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> v2 = Vector512.Load(b1);
            Vector512<float> v3 = Vector512.Load(b1 + 16);
            Vector512<float> v4 = Vector512.Load(b2);
            Vector512<float> v5 = Vector512.Load(b2 + 16);
            Vector512<float> v6 = Vector512.Load(b3);
            Vector512<float> v7 = Vector512.Load(b3 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            c0_2 = Vector512.FusedMultiplyAdd(x0, v2, c0_2);
            c0_3 = Vector512.FusedMultiplyAdd(x0, v3, c0_3);
            c0_4 = Vector512.FusedMultiplyAdd(x0, v4, c0_4);
            c0_5 = Vector512.FusedMultiplyAdd(x0, v5, c0_5);
            c0_6 = Vector512.FusedMultiplyAdd(x0, v6, c0_6);
            c0_7 = Vector512.FusedMultiplyAdd(x0, v7, c0_7);
            b0 += 32;
            b1 += 32;
            b2 += 32;
            b3 += 32;
        }

        if (cols >= 128)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            StoreFull(d0 + 32, c0_2, alpha, beta);
            StoreFull(d0 + 48, c0_3, alpha, beta);
            StoreFull(d0 + 64, c0_4, alpha, beta);
            StoreFull(d0 + 80, c0_5, alpha, beta);
            StoreFull(d0 + 96, c0_6, alpha, beta);
            StoreFull(d0 + 112, c0_7, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[128];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c0_2.Store(t + 32);
            c0_3.Store(t + 48);
            c0_4.Store(t + 64);
            c0_5.Store(t + 80);
            c0_6.Store(t + 96);
            c0_7.Store(t + 112);
            MergeTile(t, 128, c, ldc, 1, Math.Min(cols, 128), alpha, beta);
        }
    }

    /// <summary>4×32 tile, A read in place (row i at a + i·lda); B panels 1 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows4x32(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default;
        Vector512<float> c2_0 = default; Vector512<float> c2_1 = default;
        Vector512<float> c3_0 = default; Vector512<float> c3_1 = default;
        float* a0 = a;
        float* a1 = a + (1 * lda);
        float* a2 = a + (2 * lda);
        float* a3 = a + (3 * lda);
        float* b0 = b;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            Vector512<float> x1 = Vector512.Create(a1[p]);
            c1_0 = Vector512.FusedMultiplyAdd(x1, v0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(x1, v1, c1_1);
            Vector512<float> x2 = Vector512.Create(a2[p]);
            c2_0 = Vector512.FusedMultiplyAdd(x2, v0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(x2, v1, c2_1);
            Vector512<float> x3 = Vector512.Create(a3[p]);
            c3_0 = Vector512.FusedMultiplyAdd(x3, v0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(x3, v1, c3_1);
            b0 += 32;
        }

        if (cols >= 32)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            float* d1 = c + (1 * ldc);
            StoreFull(d1 + 0, c1_0, alpha, beta);
            StoreFull(d1 + 16, c1_1, alpha, beta);
            float* d2 = c + (2 * ldc);
            StoreFull(d2 + 0, c2_0, alpha, beta);
            StoreFull(d2 + 16, c2_1, alpha, beta);
            float* d3 = c + (3 * ldc);
            StoreFull(d3 + 0, c3_0, alpha, beta);
            StoreFull(d3 + 16, c3_1, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[128];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c1_0.Store(t + 32);
            c1_1.Store(t + 48);
            c2_0.Store(t + 64);
            c2_1.Store(t + 80);
            c3_0.Store(t + 96);
            c3_1.Store(t + 112);
            MergeTile(t, 32, c, ldc, 4, Math.Min(cols, 32), alpha, beta);
        }
    }

    /// <summary>2×64 tile, A read in place (row i at a + i·lda); B panels 2 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows2x64(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default; Vector512<float> c0_2 = default; Vector512<float> c0_3 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default; Vector512<float> c1_2 = default; Vector512<float> c1_3 = default;
        float* a0 = a;
        float* a1 = a + (1 * lda);
        float* b0 = b;
        float* b1 = b + (1 * ps);
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> v2 = Vector512.Load(b1);
            Vector512<float> v3 = Vector512.Load(b1 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            c0_2 = Vector512.FusedMultiplyAdd(x0, v2, c0_2);
            c0_3 = Vector512.FusedMultiplyAdd(x0, v3, c0_3);
            Vector512<float> x1 = Vector512.Create(a1[p]);
            c1_0 = Vector512.FusedMultiplyAdd(x1, v0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(x1, v1, c1_1);
            c1_2 = Vector512.FusedMultiplyAdd(x1, v2, c1_2);
            c1_3 = Vector512.FusedMultiplyAdd(x1, v3, c1_3);
            b0 += 32;
            b1 += 32;
        }

        if (cols >= 64)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            StoreFull(d0 + 32, c0_2, alpha, beta);
            StoreFull(d0 + 48, c0_3, alpha, beta);
            float* d1 = c + (1 * ldc);
            StoreFull(d1 + 0, c1_0, alpha, beta);
            StoreFull(d1 + 16, c1_1, alpha, beta);
            StoreFull(d1 + 32, c1_2, alpha, beta);
            StoreFull(d1 + 48, c1_3, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[128];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c0_2.Store(t + 32);
            c0_3.Store(t + 48);
            c1_0.Store(t + 64);
            c1_1.Store(t + 80);
            c1_2.Store(t + 96);
            c1_3.Store(t + 112);
            MergeTile(t, 64, c, ldc, 2, Math.Min(cols, 64), alpha, beta);
        }
    }

    /// <summary>2×32 tile, A read in place (row i at a + i·lda); B panels 1 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows2x32(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default;
        float* a0 = a;
        float* a1 = a + (1 * lda);
        float* b0 = b;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            Vector512<float> x1 = Vector512.Create(a1[p]);
            c1_0 = Vector512.FusedMultiplyAdd(x1, v0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(x1, v1, c1_1);
            b0 += 32;
        }

        if (cols >= 32)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            float* d1 = c + (1 * ldc);
            StoreFull(d1 + 0, c1_0, alpha, beta);
            StoreFull(d1 + 16, c1_1, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[64];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c1_0.Store(t + 32);
            c1_1.Store(t + 48);
            MergeTile(t, 32, c, ldc, 2, Math.Min(cols, 32), alpha, beta);
        }
    }

    /// <summary>1×64 tile, A read in place (row i at a + i·lda); B panels 2 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows1x64(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default; Vector512<float> c0_2 = default; Vector512<float> c0_3 = default;
        float* a0 = a;
        float* b0 = b;
        float* b1 = b + (1 * ps);
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> v2 = Vector512.Load(b1);
            Vector512<float> v3 = Vector512.Load(b1 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            c0_2 = Vector512.FusedMultiplyAdd(x0, v2, c0_2);
            c0_3 = Vector512.FusedMultiplyAdd(x0, v3, c0_3);
            b0 += 32;
            b1 += 32;
        }

        if (cols >= 64)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
            StoreFull(d0 + 32, c0_2, alpha, beta);
            StoreFull(d0 + 48, c0_3, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[64];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            c0_2.Store(t + 32);
            c0_3.Store(t + 48);
            MergeTile(t, 64, c, ldc, 1, Math.Min(cols, 64), alpha, beta);
        }
    }

    /// <summary>1×32 tile, A read in place (row i at a + i·lda); B panels 1 apart by <paramref name="ps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows1x32(nint kc, float* a, nint lda, float* b, nint ps, float* c, nint ldc, int cols, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        float* a0 = a;
        float* b0 = b;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b0);
            Vector512<float> v1 = Vector512.Load(b0 + 16);
            Vector512<float> x0 = Vector512.Create(a0[p]);
            c0_0 = Vector512.FusedMultiplyAdd(x0, v0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(x0, v1, c0_1);
            b0 += 32;
        }

        if (cols >= 32)
        {
            float* d0 = c;
            StoreFull(d0 + 0, c0_0, alpha, beta);
            StoreFull(d0 + 16, c0_1, alpha, beta);
        }
        else
        {
            // Edge tile: spill to a stack tile first so that no accumulator is live across a call
            // (the register allocator would otherwise spill them inside the k loop).
            float* t = stackalloc float[32];
            c0_0.Store(t + 0);
            c0_1.Store(t + 16);
            MergeTile(t, 32, c, ldc, 1, Math.Min(cols, 32), alpha, beta);
        }
    }
}
