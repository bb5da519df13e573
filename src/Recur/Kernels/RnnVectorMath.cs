using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// What the fused GRU / RNN gate kernels use: the <see cref="VectorMath"/> activations (vector and bit-identical
/// scalar forms, so a value gets the same result in the vector body and in the scalar tail) and unchecked span
/// loads and stores.
/// </summary>
internal static class RnnVectorMath
{
    /// <summary>Lanes of a Vector512&lt;float&gt;.</summary>
    public const int Width = 16;

    /// <summary>Whether the vector paths should be used (Vector512 runs in hardware).</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    /// <summary>σ(x) = 1 / (1 + e^(−x)), lane-wise (<see cref="VectorMath.Sigmoid(Vector512{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => VectorMath.Sigmoid(x);

    /// <summary>tanh x, lane-wise (<see cref="VectorMath.Tanh(Vector512{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x) => VectorMath.Tanh(x);

    /// <summary>σ(x), the scalar twin (bit-identical to a lane of the vector form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => VectorMath.Sigmoid(x);

    /// <summary>tanh x, the scalar twin (bit-identical to a lane of the vector form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => VectorMath.Tanh(x);

    /// <summary>16 floats from <paramref name="s"/> at <paramref name="i"/> (no bounds check: the caller guarantees i + 16 ≤ length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ReadOnlySpan<float> s, int i) => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)i);

    /// <summary>Stores 16 floats into <paramref name="s"/> at <paramref name="i"/> (no bounds check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<float> s, int i, Vector512<float> v) => v.StoreUnsafe(ref MemoryMarshal.GetReference(s), (nuint)i);
}
