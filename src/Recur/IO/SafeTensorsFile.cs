namespace Recur.IO;

/// <summary>The contents of a safetensors file: its tensors in header order and its string metadata.</summary>
/// <param name="Tensors">The tensors, enumerated in the order of the file's header (an ordered dictionary).</param>
/// <param name="Metadata">The <c>__metadata__</c> entries (empty when the file has none), in header order.</param>
public sealed record SafeTensorsFile(
    IReadOnlyDictionary<string, Tensor> Tensors,
    IReadOnlyDictionary<string, string> Metadata);
