namespace Recur.Kernels;

/// <summary>
/// One validated SGEMM call, as raw pointers (the caller keeps the spans pinned until the call returns).
/// B is either read from <see cref="B"/> (packed per call) or taken from a pre-packed matrix (<see cref="Packed"/>).
/// The work is split into <see cref="Parts"/> fixed chunks of C columns (or rows when <see cref="SplitRows"/>).
/// </summary>
internal unsafe struct GemmArgs
{
    public float* C;
    public nint Ldc;
    public float* A;
    public nint Lda;
    public bool TransA;
    public float* B;
    public nint Ldb;
    public bool TransB;
    public float* Packed;
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float Beta;
    public bool PackA;
    public bool SplitRows;
    public int Parts;
    public GemmKernelLevel Level;
}
