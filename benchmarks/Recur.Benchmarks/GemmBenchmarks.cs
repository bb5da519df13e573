using BenchmarkDotNet.Attributes;
using Recur.Kernels;

namespace Recur.Benchmarks;

/// <summary>
/// BenchmarkDotNet view of <see cref="Gemm"/>: the scalar <see cref="GemmReference"/> is the baseline on small
/// sizes; optimized Sgemm on several sizes and transposes; the pre-packed thin (recurrent-step) path.
/// MemoryDiagnoser must show no allocation for the optimized paths. (Not sealed: BenchmarkDotNet derives from it.)
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private float[] _h = [];
    private float[] _step = [];
    private PackedMatrix _weight = new(0, 0);

    /// <summary>Square size n of the n×n×n products.</summary>
    [Params(64, 256)]
    public int Size { get; set; }

    /// <summary>Allocates inputs for the largest product measured and packs the recurrent weight.</summary>
    [GlobalSetup]
    public void Setup()
    {
        const int Big = 1024;
        var rng = new Random(0);
        _a = Fill(rng, Big * Big);
        _b = Fill(rng, Big * Big);
        _c = new float[Big * Big];
        _h = Fill(rng, 64 * 256);
        _step = new float[64 * 1024];
        float[] w = Fill(rng, 1024 * 256);
        _weight = PackedMatrix.FromWeight(w, 1024, 256);
    }

    /// <summary>Scalar reference, n×n×n.</summary>
    [Benchmark(Baseline = true)]
    public void Reference() => GemmReference.Sgemm(_c, Size, _a, Size, _b, Size, Size, Size, Size);

    /// <summary>Optimized NN, n×n×n.</summary>
    [Benchmark]
    public void SgemmNN() => Gemm.Sgemm(_c, _a, _b, Size, Size, Size);

    /// <summary>Optimized NT (B a PyTorch weight), n×n×n.</summary>
    [Benchmark]
    public void SgemmNT() => Gemm.Sgemm(_c, _a, _b, Size, Size, Size, GemmTranspose.NT);

    /// <summary>Optimized TN (a weight gradient), n×n×n.</summary>
    [Benchmark]
    public void SgemmTN() => Gemm.Sgemm(_c, _a, _b, Size, Size, Size, GemmTranspose.TN);

    /// <summary>Optimized NN at 1024³ (independent of <see cref="Size"/>).</summary>
    [Benchmark]
    public void Sgemm1024() => Gemm.Sgemm(_c, _a, _b, 1024, 1024, 1024);

    /// <summary>Recurrent step 64×256 · (256×1024) with the weight packed once (β = 1 accumulates into the gates).</summary>
    [Benchmark]
    public void PackedStep64x256x1024() => Gemm.Sgemm(_step, _h, _weight, 64, 1f, 1f);

    /// <summary>Recurrent step with batch 1: 1×256 · (256×1024), packed weight.</summary>
    [Benchmark]
    public void PackedStep1x256x1024() => Gemm.Sgemm(_step, _h, _weight, 1, 1f, 1f);

    private static float[] Fill(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
