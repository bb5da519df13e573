using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Recur.Kernels.GemmBlocking;

namespace Recur.Kernels;

/// <summary>
/// The blocked SGEMM loops (BLIS order): for each NC-wide column block, for each KC-deep k block, pack B into
/// NR-wide panels; for each MC-tall row block, pack A into MR-tall panels (or read A in place for thin products);
/// then sweep the micro-kernel over the tiles. The k blocks always start at 0, KC, 2·KC… and tiles at multiples of
/// MR/NR from the matrix origin, so a C element's summation order does not depend on how the work is split.
/// </summary>
[SkipLocalsInit]
internal static unsafe class GemmDriver
{
    /// <summary>Computes chunk <paramref name="part"/> of <paramref name="g"/>.Parts (columns, or rows when split by rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunPart(in GemmArgs g, int part)
    {
        if (g.Parts == 1)
        {
            Compute(in g, 0, g.M, 0, g.N);
        }
        else if (g.SplitRows)
        {
            int units = (g.M + MR - 1) / MR;
            int i0 = (int)((long)units * part / g.Parts) * MR;
            int i1 = Math.Min(g.M, (int)((long)units * (part + 1) / g.Parts) * MR);
            if (i0 < i1)
            {
                Compute(in g, i0, i1, 0, g.N);
            }
        }
        else
        {
            int units = (g.N + NR - 1) / NR;
            int j0 = (int)((long)units * part / g.Parts) * NR;
            int j1 = Math.Min(g.N, (int)((long)units * (part + 1) / g.Parts) * NR);
            if (j0 < j1)
            {
                Compute(in g, 0, g.M, j0, j1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute(in GemmArgs g, int i0, int i1, int j0, int j1)
    {
        GemmBuffers buffers = GemmBuffers.Current;
        nint npad = RoundUp(g.N, NR);
        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            for (int pc = 0; pc < g.K; pc += KC)
            {
                int kc = Math.Min(KC, g.K - pc);
                float* bBlock;
                if (g.Packed != null)
                {
                    bBlock = g.Packed + (pc * npad) + ((nint)(jc / NR) * kc * NR);
                }
                else
                {
                    bBlock = buffers.B(RoundUp(nc, NR) * kc);
                    PackB(bBlock, g.B, g.Ldb, g.TransB, pc, kc, jc, nc);
                }

                float beta = pc == 0 ? g.Beta : 1f;
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    float* cBlock = g.C + (ic * g.Ldc) + jc;
                    if (g.PackA)
                    {
                        float* aBlock = buffers.A(RoundUp(mc, MR) * kc);
                        PackA(aBlock, g.A, g.Lda, g.TransA, ic, mc, pc, kc);
                        MacroPacked(g.Level, kc, aBlock, mc, bBlock, nc, cBlock, g.Ldc, g.Alpha, beta);
                    }
                    else
                    {
                        MacroRows(g.Level, kc, g.A + (ic * g.Lda) + pc, g.Lda, mc, bBlock, nc, cBlock, g.Ldc, g.Alpha, beta);
                    }
                }
            }
        }
    }

    /// <summary>Tiles of a packed A block (MR-row panels, <paramref name="kc"/> deep) times a packed B block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroPacked(GemmKernelLevel level, int kc, float* a, int mc, float* b, int nc, float* c, nint ldc, float alpha, float beta)
    {
        nint panel = (nint)kc * NR;
        int passes = (mc + MR - 1) / MR;
        // Each row pass over a B panel prefetches its share of the next panel (the last panel prefetches itself).
        nint pfStep = Math.Max(1, NR / passes);
        for (int jr = 0; jr < nc; jr += NR)
        {
            float* bp = b + ((jr / NR) * panel);
            float* next = jr + NR < nc ? bp + panel : bp;
            int cols = nc - jr;
            for (int ir = 0; ir < mc; ir += MR)
            {
                int rows = Math.Min(MR, mc - ir);
                float* ap = a + ((nint)ir * kc);
                float* cp = c + (ir * ldc) + jr;
                switch (level)
                {
                    case GemmKernelLevel.Vector512:
                        GemmKernels512.Packed8x32(kc, ap, bp, cp, ldc, rows, cols, alpha, beta, next + ((ir / MR) * pfStep * kc), pfStep);
                        break;
                    case GemmKernelLevel.Vector256:
                        GemmKernelsPortable.Kernel256(kc, ap, 1, MR, rows, bp, cp, ldc, cols, alpha, beta);
                        break;
                    default:
                        GemmKernelsPortable.KernelScalar(kc, ap, 1, MR, rows, bp, cp, ldc, cols, alpha, beta);
                        break;
                }
            }
        }
    }

    /// <summary>Tiles of A read in place (row i at a + i·lda) times a packed B block: no packing of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroRows(GemmKernelLevel level, int kc, float* a, nint lda, int mc, float* b, int nc, float* c, nint ldc, float alpha, float beta)
    {
        nint ps = (nint)kc * NR;
        if (level != GemmKernelLevel.Vector512)
        {
            for (int jr = 0; jr < nc; jr += NR)
            {
                float* bp = b + ((jr / NR) * ps);
                for (int ir = 0; ir < mc; ir += MR)
                {
                    int rows = Math.Min(MR, mc - ir);
                    float* ap = a + (ir * lda);
                    float* cp = c + (ir * ldc) + jr;
                    if (level == GemmKernelLevel.Vector256)
                    {
                        GemmKernelsPortable.Kernel256(kc, ap, lda, 1, rows, bp, cp, ldc, nc - jr, alpha, beta);
                    }
                    else
                    {
                        GemmKernelsPortable.KernelScalar(kc, ap, lda, 1, rows, bp, cp, ldc, nc - jr, alpha, beta);
                    }
                }
            }

            return;
        }

        const int Group = 4 * NR;
        for (int jr = 0; jr < nc; jr += Group)
        {
            int panels = Math.Min(4, (nc - jr + NR - 1) / NR);
            float* bp = b + ((jr / NR) * ps);
            int cols = nc - jr;
            int i = 0;
            while (i < mc)
            {
                int left = mc - i;
                float* ar = a + (i * lda);
                float* cr = c + (i * ldc) + jr;
                if (left >= 8)
                {
                    for (int q = 0; q < panels; q++)
                    {
                        GemmKernels512.Rows8x32(kc, ar, lda, bp + (q * ps), ps, cr + (q * NR), ldc, cols - (q * NR), alpha, beta);
                    }

                    i += 8;
                }
                else if (left >= 4)
                {
                    int q = 0;
                    for (; q + 2 <= panels; q += 2)
                    {
                        GemmKernels512.Rows4x64(kc, ar, lda, bp + (q * ps), ps, cr + (q * NR), ldc, cols - (q * NR), alpha, beta);
                    }

                    if (q < panels)
                    {
                        GemmKernels512.Rows4x32(kc, ar, lda, bp + (q * ps), ps, cr + (q * NR), ldc, cols - (q * NR), alpha, beta);
                    }

                    i += 4;
                }
                else if (left >= 2)
                {
                    if (panels == 4)
                    {
                        GemmKernels512.Rows2x128(kc, ar, lda, bp, ps, cr, ldc, cols, alpha, beta);
                    }
                    else
                    {
                        int q = 0;
                        if (panels >= 2)
                        {
                            GemmKernels512.Rows2x64(kc, ar, lda, bp, ps, cr, ldc, cols, alpha, beta);
                            q = 2;
                        }

                        if (q < panels)
                        {
                            GemmKernels512.Rows2x32(kc, ar, lda, bp + (q * ps), ps, cr + (q * NR), ldc, cols - (q * NR), alpha, beta);
                        }
                    }

                    i += 2;
                }
                else
                {
                    if (panels == 4)
                    {
                        GemmKernels512.Rows1x128(kc, ar, lda, bp, ps, cr, ldc, cols, alpha, beta);
                    }
                    else
                    {
                        int q = 0;
                        if (panels >= 2)
                        {
                            GemmKernels512.Rows1x64(kc, ar, lda, bp, ps, cr, ldc, cols, alpha, beta);
                            q = 2;
                        }

                        if (q < panels)
                        {
                            GemmKernels512.Rows1x32(kc, ar, lda, bp + (q * ps), ps, cr + (q * NR), ldc, cols - (q * NR), alpha, beta);
                        }
                    }

                    i += 1;
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-wide panels at <paramref name="dst"/>: panel q at q·kc·NR,
    /// element (p, j) at p·NR + j, columns past nc zero-filled. B is (k, n) with row stride ldb, or (n, k) when transposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackB(float* dst, float* b, nint ldb, bool trans, int pc, int kc, int jc, int nc)
    {
        for (int q = 0; q * NR < nc; q++)
        {
            int j0 = jc + (q * NR);
            int w = Math.Min(NR, nc - (q * NR));
            float* d = dst + ((nint)q * kc * NR);
            if (!trans)
            {
                if (w == NR)
                {
                    // Full panels: copy up to 8 panels per pass, row by row, so the source is read in
                    // 1 KiB runs instead of 128-byte strips at a large stride.
                    int group = Math.Min(8, (nc - (q * NR)) / NR);
                    float* s = b + (pc * ldb) + j0;
                    nint panel = (nint)kc * NR;
                    for (int p = 0; p < kc; p++, s += ldb, d += NR)
                    {
                        for (int g = 0; g < group; g++)
                        {
                            Unsafe.CopyBlockUnaligned(d + (g * panel), s + (g * NR), NR * sizeof(float));
                        }
                    }

                    q += group - 1;
                }
                else
                {
                    float* s = b + (pc * ldb) + j0;
                    for (int p = 0; p < kc; p++, s += ldb, d += NR)
                    {
                        int j = 0;
                        for (; j < w; j++)
                        {
                            d[j] = s[j];
                        }

                        for (; j < NR; j++)
                        {
                            d[j] = 0f;
                        }
                    }
                }
            }
            else if (w == NR && Avx.IsSupported)
            {
                // Full panel of a transposed B (32 rows of the stored weight): 8×8 register transposes, so the source
                // is read in 32-byte runs of 8 rows and the panel written in 32-byte runs (the scalar form below wrote
                // one float per 128-byte panel row and ran at ~6 ns per float on a 16 MiB weight).
                int p8 = kc & ~7;
                for (int p = 0; p < p8; p += 8)
                {
                    for (int g = 0; g < NR; g += 8)
                    {
                        Transpose8x8(b + ((j0 + g) * ldb) + pc + p, ldb, d + (p * NR) + g, NR);
                    }
                }

                for (int j = 0; j < NR; j++)
                {
                    float* sj = b + ((j0 + j) * ldb) + pc;
                    for (int p = p8; p < kc; p++)
                    {
                        d[(p * NR) + j] = sj[p];
                    }
                }
            }
            else
            {
                for (int j = 0; j < w; j++)
                {
                    float* s = b + ((j0 + j) * ldb) + pc;
                    float* dj = d + j;
                    for (int p = 0; p < kc; p++)
                    {
                        dj[p * NR] = s[p];
                    }
                }

                for (int j = w; j < NR; j++)
                {
                    float* dj = d + j;
                    for (int p = 0; p < kc; p++)
                    {
                        dj[p * NR] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs op(A)[ic..ic+mc, pc..pc+kc] into MR-row panels: panel r at r·kc·MR, element (i, p) at p·MR + i,
    /// rows past mc zero-filled. A is (m, k) with row stride lda, or (k, m) when transposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackA(float* dst, float* a, nint lda, bool trans, int ic, int mc, int pc, int kc)
    {
        for (int r = 0; r * MR < mc; r++)
        {
            int i0 = ic + (r * MR);
            int h = Math.Min(MR, mc - (r * MR));
            float* d = dst + ((nint)r * kc * MR);
            if (trans)
            {
                float* s = a + (pc * lda) + i0;
                for (int p = 0; p < kc; p++, s += lda, d += MR)
                {
                    if (h == MR)
                    {
                        Unsafe.CopyBlockUnaligned(d, s, MR * sizeof(float));
                    }
                    else
                    {
                        int i = 0;
                        for (; i < h; i++)
                        {
                            d[i] = s[i];
                        }

                        for (; i < MR; i++)
                        {
                            d[i] = 0f;
                        }
                    }
                }
            }
            else if (h == MR)
            {
                float* s0 = a + (i0 * lda) + pc;
                int p = 0;
                if (Avx.IsSupported)
                {
                    for (; p + 8 <= kc; p += 8, d += 8 * MR)
                    {
                        Transpose8x8(s0 + p, lda, d);
                    }
                }

                for (; p < kc; p++, d += MR)
                {
                    float* sp = s0 + p;
                    for (int i = 0; i < MR; i++)
                    {
                        d[i] = sp[i * lda];
                    }
                }
            }
            else
            {
                for (int i = 0; i < MR; i++)
                {
                    float* di = d + i;
                    if (i < h)
                    {
                        float* s = a + ((i0 + i) * lda) + pc;
                        for (int p = 0; p < kc; p++)
                        {
                            di[p * MR] = s[p];
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            di[p * MR] = 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Writes the transpose of the 8×8 block at s (row stride ld) to d (8 rows of 8, contiguous).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, nint ld, float* d) => Transpose8x8(s, ld, d, 8);

    /// <summary>The 8×8 block at s (row stride ld) transposed into d with row stride ldd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, nint ld, float* d, nint ldd)
    {
        Vector256<float> r0 = Avx.LoadVector256(s);
        Vector256<float> r1 = Avx.LoadVector256(s + ld);
        Vector256<float> r2 = Avx.LoadVector256(s + (2 * ld));
        Vector256<float> r3 = Avx.LoadVector256(s + (3 * ld));
        Vector256<float> r4 = Avx.LoadVector256(s + (4 * ld));
        Vector256<float> r5 = Avx.LoadVector256(s + (5 * ld));
        Vector256<float> r6 = Avx.LoadVector256(s + (6 * ld));
        Vector256<float> r7 = Avx.LoadVector256(s + (7 * ld));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + (2 * ldd), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + (3 * ldd), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + (4 * ldd), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + (5 * ldd), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + (6 * ldd), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + (7 * ldd), Avx.Permute2x128(u3, u7, 0x31));
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
