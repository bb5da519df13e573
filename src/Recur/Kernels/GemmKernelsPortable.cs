using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// Vector256 and scalar SGEMM micro-kernels for machines without (or runs that disable) Vector512.
/// One kernel computes up to 8 rows × one 32-column B panel. A element (i, p) is read at a[i·rs + p·cs]
/// (packed A: rs = 1, cs = 8; A in place: rs = lda, cs = 1), B panel element (p, j) at b[p·32 + j].
/// Each C element is accumulated in k order and stored as α·acc + β·C (β = 0: C is not read).
/// </summary>
[SkipLocalsInit]
internal static unsafe class GemmKernelsPortable
{
    /// <summary>Vector256 kernel: rows × 32 tile, two rows at a time (8 accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Kernel256(nint kc, float* a, nint rs, nint cs, int rows, float* b, float* c, nint ldc, int cols, float alpha, float beta)
    {
        for (int r = 0; r < rows; r += 2)
        {
            bool two = r + 1 < rows;
            float* a0 = a + (r * rs);
            float* a1 = two ? a0 + rs : a0;
            Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
            Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
            float* bp = b;
            nint q = 0;
            for (nint p = 0; p < kc; p++, q += cs, bp += 32)
            {
                Vector256<float> v0 = Vector256.Load(bp);
                Vector256<float> v1 = Vector256.Load(bp + 8);
                Vector256<float> v2 = Vector256.Load(bp + 16);
                Vector256<float> v3 = Vector256.Load(bp + 24);
                Vector256<float> x0 = Vector256.Create(a0[q]);
                Vector256<float> x1 = Vector256.Create(a1[q]);
                c00 = Vector256.FusedMultiplyAdd(x0, v0, c00);
                c01 = Vector256.FusedMultiplyAdd(x0, v1, c01);
                c02 = Vector256.FusedMultiplyAdd(x0, v2, c02);
                c03 = Vector256.FusedMultiplyAdd(x0, v3, c03);
                c10 = Vector256.FusedMultiplyAdd(x1, v0, c10);
                c11 = Vector256.FusedMultiplyAdd(x1, v1, c11);
                c12 = Vector256.FusedMultiplyAdd(x1, v2, c12);
                c13 = Vector256.FusedMultiplyAdd(x1, v3, c13);
            }

            float* d0 = c + (r * ldc);
            Store256(d0, c00, cols, alpha, beta);
            Store256(d0 + 8, c01, cols - 8, alpha, beta);
            Store256(d0 + 16, c02, cols - 16, alpha, beta);
            Store256(d0 + 24, c03, cols - 24, alpha, beta);
            if (two)
            {
                float* d1 = d0 + ldc;
                Store256(d1, c10, cols, alpha, beta);
                Store256(d1 + 8, c11, cols - 8, alpha, beta);
                Store256(d1 + 16, c12, cols - 16, alpha, beta);
                Store256(d1 + 24, c13, cols - 24, alpha, beta);
            }
        }
    }

    /// <summary>Scalar kernel: rows × 32 tile, one row at a time; the plain-loop fallback.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void KernelScalar(nint kc, float* a, nint rs, nint cs, int rows, float* b, float* c, nint ldc, int cols, float alpha, float beta)
    {
        float* acc = stackalloc float[GemmBlocking.NR];
        int width = Math.Min(cols, GemmBlocking.NR);
        for (int r = 0; r < rows; r++)
        {
            float* ar = a + (r * rs);
            for (int j = 0; j < width; j++)
            {
                acc[j] = 0f;
            }

            float* bp = b;
            nint q = 0;
            for (nint p = 0; p < kc; p++, q += cs, bp += GemmBlocking.NR)
            {
                float x = ar[q];
                for (int j = 0; j < width; j++)
                {
                    acc[j] += x * bp[j];
                }
            }

            float* d = c + (r * ldc);
            for (int j = 0; j < width; j++)
            {
                float v = acc[j] * alpha;
                if (beta != 0f)
                {
                    v += d[j] * beta;
                }

                d[j] = v;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, Vector256<float> acc, int count, float alpha, float beta)
    {
        if (count >= 8)
        {
            Vector256<float> r = acc * alpha;
            if (beta != 0f)
            {
                r += Vector256.Load(c) * beta;
            }

            r.Store(c);
        }
        else if (count > 0)
        {
            float* t = stackalloc float[8];
            acc.Store(t);
            for (int i = 0; i < count; i++)
            {
                float v = t[i] * alpha;
                if (beta != 0f)
                {
                    v += c[i] * beta;
                }

                c[i] = v;
            }
        }
    }
}
