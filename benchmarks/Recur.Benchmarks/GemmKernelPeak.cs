using System.Diagnostics;
using Recur.Kernels;

namespace Recur.Benchmarks;

/// <summary>
/// <c>gemm-kernel</c>: single-thread GFLOP/s of the 8×32 packed micro-kernel with its operands in L1/L2
/// (an upper bound for the blocked GEMM), and of packing, for tuning.
/// </summary>
public static unsafe class GemmKernelPeak
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static float FmaOnly(long iterations)
    {
        var x = System.Runtime.Intrinsics.Vector512.Create(1.0000001f);
        var y = System.Runtime.Intrinsics.Vector512.Create(0.9999999f);
        System.Runtime.Intrinsics.Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x;
        System.Runtime.Intrinsics.Vector512<float> a8 = x, a9 = x, a10 = x, a11 = x, a12 = x, a13 = x, a14 = x, a15 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a0, y, x);
            a1 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a1, y, x);
            a2 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a2, y, x);
            a3 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a3, y, x);
            a4 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a4, y, x);
            a5 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a5, y, x);
            a6 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a6, y, x);
            a7 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a7, y, x);
            a8 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a8, y, x);
            a9 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a9, y, x);
            a10 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a10, y, x);
            a11 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a11, y, x);
            a12 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a12, y, x);
            a13 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a13, y, x);
            a14 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a14, y, x);
            a15 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a15, y, x);
        }

        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return System.Runtime.Intrinsics.Vector512.Sum(sum);
    }

    /// <summary>Runs the kernel measurement and prints one line per variant.</summary>
    public static int Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Environment.GetEnvironmentVariable("RECUR_PEAK_TINY") == "1")
        {
            var rng = new Random(1);
            float[] w = new float[128 * 32];
            float[] h = new float[32];
            float[] c0 = new float[128];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (float)rng.NextDouble();
            }

            PackedMatrix pw = PackedMatrix.FromWeight(w, 128, 32);
            for (int round = 0; round < 5; round++)
            {
                const int Calls = 2_000_000;
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < Calls; i++)
                {
                    Gemm.Sgemm(c0, h, pw, 1, 1f, 1f);
                }

                double ns = Stopwatch.GetElapsedTime(t0).TotalSeconds / Calls * 1e9;
                output.WriteLine($"1x32x128 packed: {ns:F1} ns per call");
            }

            return 0;
        }

        if (Environment.GetEnvironmentVariable("RECUR_PEAK_THIN") == "1")
        {
            Parallelism.MaxThreads = 1;
            foreach ((int m, int k, int n) in new[] { (64, 256, 1024), (64, 512, 2048), (64, 1024, 4096), (32, 1024, 4096) })
            {
                var rng = new Random(1);
                float[] w = new float[n * k];
                int ldh = k + (Environment.GetEnvironmentVariable("RECUR_PEAK_PAD") is { Length: > 0 } pad ? int.Parse(pad) : 0);
                float[] h = new float[m * ldh];
                float[] cc = new float[m * n];
                for (int i = 0; i < w.Length; i++)
                {
                    w[i] = (float)rng.NextDouble();
                }

                PackedMatrix pw = PackedMatrix.FromWeight(w, n, k);
                int calls = Math.Max(3, (int)(2e9 / (2.0 * m * n * k)));
                var rates = new List<double>();
                for (int r = 0; r < 5; r++)
                {
                    TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    for (int i = 0; i < calls; i++)
                    {
                        Gemm.Sgemm(cc, n, h, ldh, pw, m, 1f, 1f);
                    }

                    double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                    rates.Add(2.0 * m * n * k * calls / cpu / 1e9);
                }

                rates.Sort();
                output.WriteLine($"packed {m}x{k}x{n} 1 thread: {rates[2]:F1} GFLOP per CPU-second (median of 5), best {rates[4]:F1}");
            }

            return 0;
        }

        if (Environment.GetEnvironmentVariable("RECUR_PEAK_FULL") == "1")
        {
            Parallelism.MaxThreads = 1;
            int[] sizes = Environment.GetEnvironmentVariable("RECUR_PEAK_SIZES") is { Length: > 0 } list
                ? Array.ConvertAll(list.Split(','), int.Parse)
                : [512, 1024, 2048];
            foreach (int n in sizes)
            {
                var rng = new Random(1);
                float[] x = new float[n * n];
                float[] y = new float[n * n];
                float[] z = new float[n * n];
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = (float)rng.NextDouble();
                    y[i] = (float)rng.NextDouble();
                }

                Gemm.Sgemm(z, x, y, n, n, n);
                var cpuRates = new List<double>();
                int repeats = n >= 4096 ? 3 : 7;
                for (int r = 0; r < repeats; r++)
                {
                    TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    Gemm.Sgemm(z, x, y, n, n, n);
                    double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                    cpuRates.Add(2.0 * n * n * n / cpu / 1e9);
                }

                cpuRates.Sort();
                output.WriteLine($"Sgemm {n} 1 thread: {cpuRates[repeats / 2]:F1} GFLOP per CPU-second (median of {repeats}), best {cpuRates[repeats - 1]:F1}");
            }

            return 0;
        }

        const int Kc = 512;
        float* a = GemmBuffers.Allocate(8 * Kc * 16, out float[] aArr);
        float* b = GemmBuffers.Allocate(32 * Kc, out float[] bArr);
        float* c = GemmBuffers.Allocate(8 * 32 * 16, out float[] cArr);
        new Span<float>(a, 8 * Kc * 16).Fill(0.5f);
        new Span<float>(b, 32 * Kc).Fill(0.25f);
        foreach (int kcv in new[] { 64, 128, 256, 512, 512 })
        {
            int Kc2 = kcv;
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            const int Calls = 100000;
            for (int i = 0; i < Calls; i++)
            {
                GemmKernels512.Packed8x32(Kc2, a + ((i & 15) * 8 * Kc2), b, c + ((i & 15) * 256), 32, 8, 32, 1f, 0f);
            }

            double s = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            output.WriteLine($"Packed8x32 kc={Kc2}: {2.0 * 8 * 32 * Kc2 * Calls / s / 1e9:F1} GFLOP/s wall, {2.0 * 8 * 32 * Kc2 * Calls / cpu / 1e9:F1} per CPU-second");
        }

        float* bb = GemmBuffers.Allocate(32 * 256 * 4, out float[] bbArr);
        new Span<float>(bb, 32 * 256 * 4).Fill(0.25f);
        for (int variant = 0; variant < 4; variant++)
        {
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            const int Calls = 100000;
            const int K2 = 256;
            int rowsPerCall = variant switch { 0 => 8, 1 => 4, 2 => 2, _ => 1 };
            int colsPerCall = variant switch { 0 => 32, 1 => 64, 2 => 128, _ => 128 };
            for (int i = 0; i < Calls; i++)
            {
                switch (variant)
                {
                    case 0: GemmKernels512.Rows8x32(K2, a, K2, bb, 32 * K2, c, 128, 32, 1f, 0f); break;
                    case 1: GemmKernels512.Rows4x64(K2, a, K2, bb, 32 * K2, c, 128, 64, 1f, 0f); break;
                    case 2: GemmKernels512.Rows2x128(K2, a, K2, bb, 32 * K2, c, 128, 128, 1f, 0f); break;
                    default: GemmKernels512.Rows1x128(K2, a, K2, bb, 32 * K2, c, 128, 128, 1f, 0f); break;
                }
            }

            double s = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            double flops = 2.0 * rowsPerCall * colsPerCall * K2 * Calls;
            output.WriteLine($"Rows{rowsPerCall}x{colsPerCall} kc={K2}: {flops / s / 1e9:F1} GFLOP/s wall, {flops / cpu / 1e9:F1} per CPU-second");
        }

        GC.KeepAlive(bbArr);
        for (int round = 0; round < 3; round++)
        {
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            const long Iterations = 50_000_000;
            float sink = FmaOnly(Iterations);
            double s = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            double flops = Iterations * 16.0 * 32 * 2;
            output.WriteLine($"FMA only (16 zmm chains): {flops / s / 1e9:F1} GFLOP/s wall, {flops / cpu / 1e9:F1} per CPU-second ({sink})");
        }

        GC.KeepAlive(aArr);
        GC.KeepAlive(bArr);
        GC.KeepAlive(cArr);
        return 0;
    }
}
