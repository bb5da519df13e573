namespace Recur.IO;

/// <summary>
/// A checked safetensors payload ready to be written: the 8-byte length prefix and padded JSON header, then the
/// tensors' float32 bytes in order. Built by <see cref="SafeTensors.Prepare"/>; a .safetensors file is exactly one
/// payload, and a model file embeds one.
/// </summary>
/// <param name="Header">The 8-byte little-endian header length followed by the space-padded UTF-8 JSON header.</param>
/// <param name="Entries">The tensors, in the order of the header (their data follows it contiguously).</param>
internal sealed record SafeTensorsPayload(byte[] Header, IReadOnlyList<KeyValuePair<string, Tensor>> Entries)
{
    /// <summary>The payload's total size in bytes: header plus every tensor's data.</summary>
    public long Length => Header.LongLength + Entries.Sum(static e => (long)e.Value.Length * sizeof(float));

    /// <summary>
    /// Writes the payload to <paramref name="stream"/>, calling <paramref name="afterTensorWritten"/> (when given)
    /// with each tensor's name after its bytes are written.
    /// </summary>
    public void WriteTo(Stream stream, Action<string>? afterTensorWritten = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Header);
        foreach (var (name, tensor) in Entries)
        {
            SafeTensors.WriteFloats(stream, tensor.AsReadOnlySpan());
            afterTensorWritten?.Invoke(name);
        }
    }
}
