namespace Recur.Kernels;

/// <summary>
/// One GEMM timing in the shared benchmark schema (<c>rnn-bench/1</c>, <c>peak.entries[]</c>).
/// </summary>
/// <param name="Name">"sgemm N" for square products, "sgemm_rnn MxKxN" for recurrent-step products (K inner).</param>
/// <param name="Kind">"gemm" or "gemm_rnn".</param>
/// <param name="M">Rows of C (the batch for recurrent shapes).</param>
/// <param name="N">Columns of C (4H for an LSTM step).</param>
/// <param name="K">Inner dimension (H for an LSTM step).</param>
/// <param name="MedianMs">Median time of one call, milliseconds.</param>
/// <param name="MinMs">Fastest call, milliseconds.</param>
/// <param name="Gflops">2·M·N·K / median, GFLOP/s.</param>
/// <param name="Reps">Timed repeats (each one call, or one batch of calls for sub-microsecond shapes).</param>
/// <param name="CallsPerRep">Calls timed together per repeat (1 except for tiny shapes).</param>
public sealed record GemmProbeEntry(
    string Name, string Kind, int M, int N, int K, double MedianMs, double MinMs, double Gflops, int Reps, int CallsPerRep);
