namespace Recur.Kernels;

/// <summary>A GEMM handed to <see cref="ComputeWorkers"/>: part i computes chunk i of C.</summary>
internal sealed class GemmJob : ComputeWork
{
    /// <summary>The call being run (set by the thread that owns this job).</summary>
    public GemmArgs Args;

    /// <inheritdoc/>
    public override void Execute(int part) => GemmDriver.RunPart(in Args, part);
}
