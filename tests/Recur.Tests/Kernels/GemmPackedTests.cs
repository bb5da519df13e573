using Recur.Kernels;
using Xunit;

namespace Recur.Tests.Kernels;

/// <summary>The pre-packed B path (PackedMatrix) against GemmReference on thin recurrent shapes and beyond.</summary>
public sealed class GemmPackedTests
{
    [Fact]
    public void ThinRecurrentShapesMatchReference()
    {
        var rng = new Random(5);
        foreach (int m in new[] { 1, 2, 3, 5, 8, 13, 16, 32, 64 })
        {
            foreach (int h in new[] { 1, 7, 32, 33, 64, 100 })
            {
                GemmTests.CheckPacked(rng, m, 4 * h, h, 1f, m % 2 == 0 ? 0f : 1f);
            }
        }
    }

    [Fact]
    public void LargeAndDeepProductsMatchReference()
    {
        var rng = new Random(6);
        GemmTests.CheckPacked(rng, 65, 130, 520, 1f, 0f);
        GemmTests.CheckPacked(rng, 16, 70, 512, 1f, 0f);   // thin but deep: packs A (GemmBlocking.ThinMaxK)
        GemmTests.CheckPacked(rng, 3, 33, 700, 1f, 1f);
        GemmTests.CheckPacked(rng, 200, 96, 1030, 0.5f, 2f);
        GemmTests.CheckPacked(rng, 0, 10, 10, 1f, 0f);
        GemmTests.CheckPacked(rng, 4, 10, 0, 1f, 0f);
    }

    [Fact]
    public void PackedBFromRowMajorMatchesUnpackedProduct()
    {
        var rng = new Random(7);
        const int M = 20, N = 45, K = 37;
        float[] b = GemmTests.Random(rng, K * N);
        float[] a = GemmTests.Random(rng, M * K);
        PackedMatrix packed = PackedMatrix.Create(b, N, K, N);
        float[] c1 = new float[M * N];
        float[] c2 = new float[M * N];
        Gemm.Sgemm(c1, a, packed, M);
        Gemm.Sgemm(c2, a, b, M, N, K);
        Assert.Equal(c2, c1);
    }

    [Fact]
    public void RepackInPlaceUsesNewValues()
    {
        var rng = new Random(8);
        const int M = 16, N = 128, K = 32;
        var packed = new PackedMatrix(K, N);
        float[] a = GemmTests.Random(rng, M * K);
        float[] c = new float[M * N];
        Gemm.Sgemm(c, a, packed, M);
        Assert.All(c, v => Assert.Equal(0f, v));

        float[] w = GemmTests.Random(rng, N * K);
        packed.PackWeight(w);
        Gemm.Sgemm(c, a, packed, M);
        float[] expected = new float[M * N];
        GemmReference.Sgemm(expected, N, a, K, w, K, M, N, K, GemmTranspose.NT);
        GemmTests.AssertClose(expected, c, a, K, w, K, M, N, K, GemmTranspose.NT, 1f, 0f, 0, N);
    }
}
