namespace Recur.Kernels;

/// <summary>
/// The first phase of a large parallel product: the threads pack disjoint column ranges of op(B) into one shared
/// buffer in <see cref="PackedMatrix"/> layout; the second phase then runs the pre-packed path split by rows,
/// so that neither A nor B is packed twice.
/// </summary>
internal sealed unsafe class GemmPackJob : ComputeWork
{
    /// <summary>The product whose B is packed (B, Ldb, TransB, N, K).</summary>
    public GemmArgs Args;

    /// <summary>Destination: K·roundup(N, 32) floats.</summary>
    public float* Destination;

    /// <summary>Number of parts the panels are split into.</summary>
    public int Parts;

    /// <inheritdoc/>
    public override void Execute(int part)
    {
        int units = (Args.N + GemmBlocking.NR - 1) / GemmBlocking.NR;
        int q0 = (int)((long)units * part / Parts);
        int q1 = (int)((long)units * (part + 1) / Parts);
        if (q0 >= q1)
        {
            return;
        }

        int j0 = q0 * GemmBlocking.NR;
        int width = Math.Min(Args.N, q1 * GemmBlocking.NR) - j0;
        nint npad = (nint)units * GemmBlocking.NR;
        for (int pc = 0; pc < Args.K; pc += GemmBlocking.KC)
        {
            int kc = Math.Min(GemmBlocking.KC, Args.K - pc);
            float* dst = Destination + (pc * npad) + ((nint)q0 * kc * GemmBlocking.NR);
            GemmDriver.PackB(dst, Args.B, Args.Ldb, Args.TransB, pc, kc, j0, width);
        }
    }
}
