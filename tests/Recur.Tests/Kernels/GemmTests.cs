using Recur.Kernels;
using Xunit;

namespace Recur.Tests.Kernels;

/// <summary>Gemm.Sgemm against the scalar GemmReference over sizes, transposes, α/β, strides and kernel families.</summary>
public sealed class GemmTests
{
    private static readonly int[] CrossSizes = [0, 1, 7, 16, 17, 33, 65, 129];
    private static readonly int[] AllSizes = [0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65, 127, 129];

    public static TheoryData<GemmTranspose> Transposes => new() { GemmTranspose.NN, GemmTranspose.NT, GemmTranspose.TN, GemmTranspose.TT };

    [Theory]
    [MemberData(nameof(Transposes))]
    public void CrossProductOfSizesMatchesReference(GemmTranspose transpose)
    {
        var rng = new Random(1 + (int)transpose);
        foreach (int m in CrossSizes)
        {
            foreach (int n in CrossSizes)
            {
                foreach (int k in CrossSizes)
                {
                    CheckCase(rng, m, n, k, transpose, alpha: 1f, beta: 0f, pad: 0);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void EverySizeAlongDiagonalAndEachAxisMatchesReference(GemmTranspose transpose)
    {
        var rng = new Random(11 + (int)transpose);
        foreach (int s in AllSizes)
        {
            CheckCase(rng, s, s, s, transpose, 1f, 0f, pad: 0);
            CheckCase(rng, s, 33, 17, transpose, 1f, 0f, pad: 0);
            CheckCase(rng, 17, s, 33, transpose, 1f, 0f, pad: 0);
            CheckCase(rng, 33, 17, s, transpose, 1f, 0f, pad: 0);
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void AlphaBetaAndLeadingDimensionsMatchReference(GemmTranspose transpose)
    {
        var rng = new Random(21 + (int)transpose);
        (float Alpha, float Beta)[] scales = [(1f, 1f), (0.5f, -2f), (-1.5f, 0f), (2f, 0.25f)];
        int[] sizes = [1, 3, 8, 17, 33, 65, 129];
        foreach ((float alpha, float beta) in scales)
        {
            foreach (int m in sizes)
            {
                foreach (int n in sizes)
                {
                    int k = sizes[(m + n) % sizes.Length];
                    CheckCase(rng, m, n, k, transpose, alpha, beta, pad: 5);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void KDeeperThanOneBlockMatchesReference(GemmTranspose transpose)
    {
        var rng = new Random(31 + (int)transpose);
        CheckCase(rng, 70, 45, 1100, transpose, 1f, 0f, pad: 3);
        CheckCase(rng, 9, 100, 513, transpose, 0.75f, 1f, pad: 0);
        CheckCase(rng, 200, 300, 600, transpose, 1f, 0.5f, pad: 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void FallbackKernelsMatchReference(int levelValue)
    {
        var level = (GemmKernelLevel)levelValue; // 1 = Vector256, 0 = scalar
        try
        {
            Gemm.LevelOverride = level; // this thread only: tests running in parallel keep the fast kernels
            var rng = new Random(41);
            int[] sizes = [1, 2, 7, 16, 33, 65, 129];
            foreach (GemmTranspose t in Enum.GetValues<GemmTranspose>())
            {
                foreach (int m in sizes)
                {
                    foreach (int n in sizes)
                    {
                        int k = sizes[(m * 3 + n) % sizes.Length];
                        CheckCase(rng, m, n, k, t, 1.25f, (m + n) % 2 == 0 ? 0f : 0.5f, pad: 2);
                    }
                }
            }

            CheckPacked(rng, 3, 100, 70, 1f, 1f);
            CheckPacked(rng, 90, 33, 600, 1f, 0f);
        }
        finally
        {
            Gemm.LevelOverride = null;
        }
    }

    [Fact]
    public void BetaZeroIgnoresNaNInC()
    {
        var rng = new Random(51);
        foreach (GemmTranspose t in Enum.GetValues<GemmTranspose>())
        {
            foreach (int s in new[] { 1, 7, 33, 129 })
            {
                float[] a = Random(rng, s * s);
                float[] b = Random(rng, s * s);
                float[] c = Filled(s * s, float.NaN);
                Gemm.Sgemm(c, a, b, s, s, s, t);
                Assert.All(c, v => Assert.False(float.IsNaN(v)));
            }
        }

        float[] c0 = Filled(12, float.NaN);
        Gemm.Sgemm(c0, [], [], 3, 4, 0);
        Assert.All(c0, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void BetaOneAccumulates()
    {
        var rng = new Random(61);
        const int M = 37, N = 70, K = 45;
        float[] a = Random(rng, M * K);
        float[] b = Random(rng, K * N);
        float[] c = new float[M * N];
        Gemm.Sgemm(c, a, b, M, N, K);
        Gemm.Sgemm(c, a, b, M, N, K, beta: 1f);
        float[] expected = new float[M * N];
        GemmReference.Sgemm(expected, N, a, K, b, N, M, N, K, GemmTranspose.NN, 2f, 0f);
        AssertClose(expected, c, a, K, b, N, M, N, K, GemmTranspose.NN, 2f, 0f, 0, N);
    }

    [Fact]
    public void ResultsAreBitIdenticalForOneAndTwoThreads()
    {
        var rng = new Random(71);
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach ((int m, int n, int k, GemmTranspose t) in new[]
            {
                (300, 520, 1100, GemmTranspose.NN), (64, 1024, 256, GemmTranspose.NT),
                (700, 40, 300, GemmTranspose.TN), (129, 257, 513, GemmTranspose.TT),
            })
            {
                bool ta = t is GemmTranspose.TN or GemmTranspose.TT;
                bool tb = t is GemmTranspose.NT or GemmTranspose.TT;
                float[] a = Random(rng, m * k);
                float[] b = Random(rng, k * n);
                float[] c1 = Random(rng, m * n);
                float[] c2 = (float[])c1.Clone();
                Parallelism.MaxThreads = 1;
                Gemm.Sgemm(c1, a, b, m, n, k, t, 0.5f, 1f);
                Parallelism.MaxThreads = 2;
                Gemm.Sgemm(c2, a, b, m, n, k, t, 0.5f, 1f);
                Assert.Equal(c1, c2);
                _ = ta;
                _ = tb;
            }

            PackedMatrix w = PackedMatrix.FromWeight(Random(rng, 1024 * 256), 1024, 256);
            float[] h = Random(rng, 1600 * 256);
            float[] p1 = new float[1600 * 1024];
            float[] p2 = new float[1600 * 1024];
            Parallelism.MaxThreads = 1;
            Gemm.Sgemm(p1, h, w, 1600);
            Parallelism.MaxThreads = 2;
            Gemm.Sgemm(p2, h, w, 1600);
            Assert.Equal(p1, p2);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void InvalidArgumentsNameTheArgument()
    {
        float[] x = new float[100];
        Assert.Equal("m", Assert.ThrowsAny<ArgumentException>(() => Gemm.Sgemm(x, x, x, -1, 2, 2)).ParamName);
        Assert.Equal("n", Assert.ThrowsAny<ArgumentException>(() => Gemm.Sgemm(x, x, x, 2, -1, 2)).ParamName);
        Assert.Equal("k", Assert.ThrowsAny<ArgumentException>(() => Gemm.Sgemm(x, x, x, 2, 2, -3)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, new float[5], x, 2, 2, 3)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, x, new float[5], 2, 2, 3)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(new float[3], x, x, 2, 2, 3)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, 4, x, 2, x, 4, 2, 4, 3)).ParamName);
        Assert.Equal("ldb", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, 4, x, 3, x, 3, 2, 4, 3)).ParamName);
        Assert.Equal("ldc", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, 3, x, 3, x, 4, 2, 4, 3)).ParamName);
        Assert.Equal("ldb", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, 4, x, 5, x, 3, 2, 4, 5, GemmTranspose.NT)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, 4, x, 1, x, 4, 2, 4, 3, GemmTranspose.TN)).ParamName);

        var packed = new PackedMatrix(3, 4);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, 4, new float[5], 3, packed, 2)).ParamName);
        Assert.Equal("ldc", Assert.Throws<ArgumentException>(() => Gemm.Sgemm(x, 3, x, 3, packed, 2)).ParamName);
        Assert.Equal("m", Assert.ThrowsAny<ArgumentException>(() => Gemm.Sgemm(x, 4, x, 3, packed, -1)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => packed.Pack(new float[11], 4)).ParamName);
        Assert.Equal("ldb", Assert.Throws<ArgumentException>(() => packed.Pack(x, 3)).ParamName);
        Assert.Equal("k", Assert.ThrowsAny<ArgumentException>(() => new PackedMatrix(-1, 3)).ParamName);
    }

    internal static void CheckCase(Random rng, int m, int n, int k, GemmTranspose t, float alpha, float beta, int pad)
    {
        bool ta = t is GemmTranspose.TN or GemmTranspose.TT;
        bool tb = t is GemmTranspose.NT or GemmTranspose.TT;
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        float[] a = Random(rng, Math.Max(0, ((ta ? k : m) * lda) - pad));
        float[] b = Random(rng, Math.Max(0, ((tb ? n : k) * ldb) - pad));
        int cLength = Math.Max(0, (m * ldc) - pad);
        float[] c = beta == 0f ? Filled(cLength, float.NaN) : Random(rng, cLength);
        if (beta == 0f && pad > 0)
        {
            // Padding between rows must survive untouched; fill it with a sentinel.
            for (int i = 0; i < m - 1; i++)
            {
                for (int j = n; j < ldc; j++)
                {
                    c[(i * ldc) + j] = 42f;
                }
            }
        }

        float[] expected = (float[])c.Clone();
        GemmReference.Sgemm(expected, ldc, a, lda, b, ldb, m, n, k, t, alpha, beta);
        float[] cOld = (float[])c.Clone();
        Gemm.Sgemm(c, ldc, a, lda, b, ldb, m, n, k, t, alpha, beta);
        AssertClose(expected, c, a, lda, b, ldb, m, n, k, t, alpha, beta, pad, ldc, cOld);
    }

    internal static void CheckPacked(Random rng, int m, int n, int k, float alpha, float beta)
    {
        float[] w = Random(rng, n * k);
        PackedMatrix packed = PackedMatrix.FromWeight(w, n, k);
        int lda = k + 3;
        int ldc = n + 2;
        float[] a = Random(rng, m * lda);
        float[] c = beta == 0f ? Filled(m * ldc, float.NaN) : Random(rng, m * ldc);
        float[] expected = (float[])c.Clone();
        float[] cOld = (float[])c.Clone();
        GemmReference.Sgemm(expected, ldc, a, lda, w, k, m, n, k, GemmTranspose.NT, alpha, beta);
        Gemm.Sgemm(c, ldc, a, lda, packed, m, alpha, beta);
        AssertClose(expected, c, a, lda, w, k, m, n, k, GemmTranspose.NT, alpha, beta, 0, ldc, cOld);
    }

    internal static void AssertClose(
        float[] expected, float[] actual, float[] a, int lda, float[] b, int ldb, int m, int n, int k,
        GemmTranspose t, float alpha, float beta, int pad, int ldc, float[]? cOld = null)
    {
        bool ta = t is GemmTranspose.TN or GemmTranspose.TT;
        bool tb = t is GemmTranspose.NT or GemmTranspose.TT;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double mag = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = ta ? a[(p * lda) + i] : a[(i * lda) + p];
                    float bv = tb ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    mag += Math.Abs((double)av * bv);
                }

                double scale = (Math.Abs(alpha) * mag) + (cOld is null || beta == 0f ? 0 : Math.Abs(beta * cOld[(i * ldc) + j]));
                double tol = (4e-6 * Math.Max(k, 1) * scale) + 1e-6;
                float e = expected[(i * ldc) + j];
                float v = actual[(i * ldc) + j];
                if (!(Math.Abs(e - v) <= tol))
                {
                    Assert.Fail($"{t} m={m} n={n} k={k} α={alpha} β={beta} pad={pad}: C[{i},{j}] = {v}, expected {e} (tolerance {tol:g3}).");
                }
            }
        }

        // Elements outside the m×n window (row padding) are never written.
        if (cOld is not null)
        {
            for (int i = 0; i < m - 1; i++)
            {
                for (int j = n; j < ldc; j++)
                {
                    Assert.Equal(cOld[(i * ldc) + j], actual[(i * ldc) + j]);
                }
            }
        }
    }

    internal static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }

    internal static float[] Filled(int length, float value)
    {
        var x = new float[length];
        Array.Fill(x, value);
        return x;
    }
}
