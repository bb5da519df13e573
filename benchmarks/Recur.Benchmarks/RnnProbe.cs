using System.Diagnostics;
using Recur.Autograd;
using Recur.Kernels;
using Recur.Modules;

namespace Recur.Benchmarks;

/// <summary>Break-down of one small recurrent forward call (development probe): whole call vs its parts.</summary>
internal static class RnnProbe
{
    public static int Run(string[] args)
    {
        int t = int.Parse(args[1]), b = int.Parse(args[2]), i = int.Parse(args[3]), h = int.Parse(args[4]);
        int reps = args.Length > 5 ? int.Parse(args[5]) : 20000;
        if (args.Length > 6 && args[6] == "c")
        {
            return CpuRates(t, b, i, h, reps);
        }

        var lstm = new Lstm(i, h);
        var x = Tensor.Uniform(1, -1, 1, t, b, i);
        var gh = 4 * h;
        var gates = new float[b * gh];
        var hs = new float[b * h];
        var cs = new float[b * h];
        var whh = lstm.StateDict()["weight_hh_l0"];
        if (!(args.Length > 6 && args[6] == "g")) Measure("forward", reps, () => { using (GradMode.NoGrad()) { _ = lstm.Forward(x); } });
        if (args.Length > 6 && args[6] == "f") { return 0; }
        var packed = PackedWeightPool.Transposed(whh.AsReadOnlySpan(), gh, h);
        Measure("step gemm x T", reps, () => { for (int s = 0; s < t; s++) { Gemm.Sgemm(gates, gh, hs, h, packed, b, 1f, 1f); } });
        if (args.Length > 6 && args[6] == "g") { return 0; }
        Measure("gates x T", reps, () => { for (int s = 0; s < t; s++) { LstmGates.Forward(gates, cs, hs, default, default, default, default, b, h, gh, false, 0f, false, false); } });
        Measure("pack+return", reps, () => { var p = PackedWeightPool.Transposed(whh.AsReadOnlySpan(), gh, h); PackedWeightPool.Return(p); });
        return 0;
    }

    /// <summary>One thread, GFLOP per CPU-second (robust on a busy machine): the step GEMM, the input projection, the whole forward.</summary>
    private static int CpuRates(int t, int b, int i, int h, int reps)
    {
        Parallelism.MaxThreads = 1;
        int gh = 4 * h;
        var lstm = new Lstm(i, h);
        var x = Tensor.Uniform(1, -1, 1, t, b, i);
        var whh = lstm.StateDict()["weight_hh_l0"];
        var wih = lstm.StateDict()["weight_ih_l0"];
        var packed = PackedWeightPool.Transposed(whh.AsReadOnlySpan(), gh, h);
        var packedIh = PackedWeightPool.Transposed(wih.AsReadOnlySpan(), gh, i);
        var gates = new float[t * b * gh];
        var hs = Tensor.Uniform(2, -1, 1, b, h).ToArray();
        CpuMeasure("step gemm", reps, 2.0 * b * gh * h, () => Gemm.Sgemm(gates, gh, hs, h, packed, b, 1f, 1f));
        CpuMeasure("input projection", Math.Max(1, reps / t), 2.0 * t * b * gh * i, () => Gemm.Sgemm(gates, gh, x.AsReadOnlySpan(), i, packedIh, t * b, 1f, 0f));
        CpuMeasure("forward", Math.Max(1, reps / t), 2.0 * t * b * gh * (i + h), () => { using (GradMode.NoGrad()) { _ = lstm.Forward(x); } });
        return 0;
    }

    private static void CpuMeasure(string name, int reps, double flops, Action a)
    {
        a();
        var rates = new double[5];
        for (int k = 0; k < 5; k++)
        {
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (int r = 0; r < reps; r++) a();
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            rates[k] = flops * reps / cpu / 1e9;
        }

        Array.Sort(rates);
        Console.WriteLine($"{name,-16} {rates[2],8:F1} GFLOP per CPU-second (best {rates[4]:F1})");
    }

    private static void Measure(string name, int reps, Action a)
    {
        for (int w = 0; w < reps / 10; w++) a();
        var times = new double[5];
        for (int k = 0; k < 5; k++)
        {
            var sw = Stopwatch.StartNew();
            for (int r = 0; r < reps; r++) a();
            times[k] = sw.Elapsed.TotalMicroseconds / reps;
        }

        Array.Sort(times);
        Console.WriteLine($"{name,-16} {times[2],9:F3} us  (min {times[0]:F3})");
    }
}
