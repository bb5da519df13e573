namespace Recur.Kernels;

/// <summary>
/// Per-thread packing buffers, pinned and 64-byte aligned, grown once and then reused, so that GEMM allocates
/// nothing in steady state.
/// </summary>
internal sealed unsafe class GemmBuffers
{
    [ThreadStatic]
    private static GemmBuffers? t_current;

    private float[]? _aArray;
    private float* _a;
    private int _aLength;
    private float[]? _bArray;
    private float* _b;
    private int _bLength;
    private float[]? _wholeArray;
    private float* _whole;
    private long _wholeLength;

    /// <summary>The calling thread's buffers.</summary>
    public static GemmBuffers Current => t_current ??= new GemmBuffers();

    /// <summary>
    /// A buffer for a whole packed B (K·roundup(N, 32) floats) that the calling thread shares with the workers
    /// for one parallel product.
    /// </summary>
    public float* WholeB(long length)
    {
        if (length > _wholeLength)
        {
            _whole = Allocate(checked((int)length), out _wholeArray);
            _wholeLength = length;
        }

        return _whole;
    }

    /// <summary>A buffer for a packed A block of at least <paramref name="length"/> floats.</summary>
    public float* A(int length)
    {
        if (length > _aLength)
        {
            _a = Allocate(length, out _aArray);
            _aLength = length;
        }

        return _a;
    }

    /// <summary>A buffer for a packed B block of at least <paramref name="length"/> floats.</summary>
    public float* B(int length)
    {
        if (length > _bLength)
        {
            _b = Allocate(length, out _bArray);
            _bLength = length;
        }

        return _b;
    }

    /// <summary>Allocates a pinned array with room for 64-byte alignment and returns its aligned start.</summary>
    internal static float* Allocate(int length, out float[] array)
    {
        array = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
        fixed (float* p = array)
        {
            nint addr = (nint)p;
            nint aligned = (addr + 63) & ~(nint)63;
            return (float*)aligned;
        }
    }
}
