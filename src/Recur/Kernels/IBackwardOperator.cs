using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// The accumulating backward step of an element-wise function: returns dx + dy·f'(x), given the forward input x, the
/// forward output y and the incoming gradient dy. The driver loads x and y only when the operator says it reads them.
/// All three widths must give bit-identical results for the same input.
/// </summary>
internal interface IBackwardOperator
{
    /// <summary>Whether <c>Invoke</c> reads the forward input x.</summary>
    static abstract bool ReadsInput { get; }

    /// <summary>Whether <c>Invoke</c> reads the forward output y.</summary>
    static abstract bool ReadsOutput { get; }

    /// <summary>dx + dy·f'(x) for one value.</summary>
    static abstract float Invoke(float x, float y, float dy, float dx);

    /// <summary>dx + dy·f'(x) for 8 lanes.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy, Vector256<float> dx);

    /// <summary>dx + dy·f'(x) for 16 lanes.</summary>
    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy, Vector512<float> dx);
}
