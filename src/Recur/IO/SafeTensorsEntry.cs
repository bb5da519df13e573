namespace Recur.IO;

/// <summary>One validated tensor entry of a safetensors header.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="DType">The dtype as written in the file (F32, F64, F16 or BF16).</param>
/// <param name="ElementSize">Bytes per element of <paramref name="DType"/>.</param>
/// <param name="Shape">The shape.</param>
/// <param name="Count">The element count (the product of the shape).</param>
/// <param name="Begin">The first byte, relative to the data buffer.</param>
/// <param name="End">One past the last byte, relative to the data buffer.</param>
internal sealed record SafeTensorsEntry(string Name, string DType, int ElementSize, int[] Shape, int Count, long Begin, long End);
