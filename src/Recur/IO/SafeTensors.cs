// The Hugging Face safetensors format (https://github.com/huggingface/safetensors):
//
//   [8 bytes]  N, unsigned 64-bit little-endian: the length of the header in bytes
//   [N bytes]  UTF-8 JSON object, optionally padded with trailing spaces (0x20):
//                { "__metadata__": { "key": "value", ... },                      (optional, string -> string)
//                  "name": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, ... }
//   [rest]     the data buffer: every tensor's bytes, row-major, little-endian; offsets are relative to the
//              start of the buffer, and the tensors must cover it exactly (no overlaps, no holes, no tail).
//
// Reading checks, in order, and reports each failure as a SafeTensorsException naming the file and the problem:
// the file opens; it is not empty and holds the 8-byte prefix; N is at most 100 MB and fits in the file; the header
// is valid UTF-8 and valid JSON; the root is an object; no name appears twice; "__metadata__" is an object of strings;
// each tensor entry is an object with a string dtype (F32, or F64/F16/BF16 which are converted to float32; any other
// dtype is rejected), a shape of non-negative integers whose element count neither overflows nor exceeds what a
// Recur tensor holds, and data_offsets of two non-negative integers with begin <= end <= buffer length and
// end - begin = count * element size; finally the tensors, sorted by offset, tile the buffer exactly.
// Nothing is allocated from a header number before it has been checked against the actual file length, and no
// read goes outside the file. Unknown fields inside a tensor entry are ignored (as the reference reader does).
//
// Writing lays the tensors out contiguously in the dictionary's order (F32), with "__metadata__" first when given,
// pads the header with spaces so the data starts at a multiple of 8 (as the reference writer does), writes to a
// temporary file in the target's directory and renames it over the target, so a failed save leaves the old file
// intact.
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace Recur.IO;

/// <summary>
/// Reads and writes the Hugging Face safetensors format, compatible with Python's
/// <c>safetensors.torch.save_file</c> / <c>load_file</c>. Loading accepts F32 tensors and converts F64, F16 and BF16
/// tensors to float32; any other dtype is rejected. Saving writes F32.
/// </summary>
/// <remarks>
/// A malformed or unreadable file raises <see cref="SafeTensorsException"/> (a missing file included, with a
/// <see cref="FileNotFoundException"/> as the inner exception), whose message names the path and the problem.
/// Only little-endian machines are supported.
/// </remarks>
public static class SafeTensors
{
    /// <summary>The largest header accepted when reading (100 MB), as in the reference implementation.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";
    private const int ConversionChunkBytes = 1 << 20;
    private const int MaxSpanBytes = 1 << 30;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads the tensors of a safetensors file, in the order of the file's header.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>An ordered dictionary from tensor name to tensor (float32).</returns>
    /// <exception cref="SafeTensorsException">The file is missing, unreadable or malformed, or holds an unsupported dtype.</exception>
    public static OrderedDictionary<string, Tensor> Load(string path) => LoadCore(path).Tensors;

    /// <summary>Loads the tensors and the <c>__metadata__</c> of a safetensors file.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The tensors in header order and the metadata (empty when the file has none).</returns>
    /// <exception cref="SafeTensorsException">The file is missing, unreadable or malformed, or holds an unsupported dtype.</exception>
    public static SafeTensorsFile LoadFile(string path)
    {
        var (tensors, metadata) = LoadCore(path);
        return new SafeTensorsFile(tensors, metadata);
    }

    /// <summary>
    /// Saves tensors as a safetensors file (dtype F32), in the enumeration order of <paramref name="state"/>, with
    /// optional string metadata written as <c>__metadata__</c> (omitted when null or empty). The file is written to a
    /// temporary file in the same directory and renamed over <paramref name="path"/>, so a failed save leaves any
    /// existing file unchanged.
    /// </summary>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="state">Tensor names (non-empty, not <c>__metadata__</c>) and tensors.</param>
    /// <param name="metadata">Optional string-to-string metadata.</param>
    /// <exception cref="ArgumentException">A name is empty, reserved, duplicated or not valid UTF-16, a tensor or a metadata value is null, or the header would exceed <see cref="MaxHeaderBytes"/>.</exception>
    /// <exception cref="IOException">Writing or renaming the file failed.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> state, IReadOnlyDictionary<string, string>? metadata = null)
        => SaveCore(path, state, metadata, afterTensorWritten: null);

    /// <summary>
    /// <see cref="Save"/> with a hook called after each tensor's bytes are written to the temporary file
    /// (tests use it to fail a save midway).
    /// </summary>
    internal static void SaveCore(
        string path,
        IReadOnlyDictionary<string, Tensor> state,
        IReadOnlyDictionary<string, string>? metadata,
        Action<string>? afterTensorWritten)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(state);

        SafeTensorsPayload payload = Prepare(state, metadata);

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        FileStream? stream = null;
        try
        {
            stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            payload.WriteTo(stream, afterTensorWritten);
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            stream = null;
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            stream?.Dispose();
            try
            {
                File.Delete(tempPath);
            }
            catch (IOException)
            {
                // Best effort: the original error matters more than a leftover temporary file.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }

            throw;
        }
    }

    /// <summary>
    /// Checks <paramref name="state"/> and <paramref name="metadata"/> and builds the header of a safetensors payload
    /// (F32, tensors in enumeration order), ready to be written to any stream (the model file embeds one).
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Save"/>.</exception>
    internal static SafeTensorsPayload Prepare(IReadOnlyDictionary<string, Tensor> state, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(state);
        EnsureLittleEndian();
        List<KeyValuePair<string, Tensor>> entries = SnapshotState(state);
        List<KeyValuePair<string, string>>? meta = metadata is null ? null : SnapshotMetadata(metadata);
        return new SafeTensorsPayload(BuildHeader(entries, meta), entries);
    }

    /// <summary>Writes the bytes of <paramref name="data"/> to <paramref name="stream"/> (little-endian float32).</summary>
    internal static void WriteFloats(Stream stream, ReadOnlySpan<float> data)
    {
        while (!data.IsEmpty)
        {
            int take = Math.Min(data.Length, MaxSpanBytes / sizeof(float));
            stream.Write(MemoryMarshal.AsBytes(data[..take]));
            data = data[take..];
        }
    }

    private static List<KeyValuePair<string, Tensor>> SnapshotState(IReadOnlyDictionary<string, Tensor> state)
    {
        var entries = new List<KeyValuePair<string, Tensor>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in state)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("Save: tensor names must be non-empty.", nameof(state));
            }

            if (name == MetadataKey)
            {
                throw new ArgumentException($"Save: '{MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(state));
            }

            CheckUtf16(name, $"tensor name '{Shown(name)}'", nameof(state));
            if (tensor is null)
            {
                throw new ArgumentException($"Save: tensor '{Shown(name)}' is null.", nameof(state));
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"Save: tensor name '{Shown(name)}' appears more than once.", nameof(state));
            }

            entries.Add(new(name, tensor));
        }

        return entries;
    }

    private static List<KeyValuePair<string, string>> SnapshotMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        var entries = new List<KeyValuePair<string, string>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (key is null || value is null)
            {
                throw new ArgumentException($"Save: metadata key '{key}' has a null value.", nameof(metadata));
            }

            CheckUtf16(key, $"metadata key '{key}'", nameof(metadata));
            CheckUtf16(value, $"the value of metadata key '{key}'", nameof(metadata));
            if (!keys.Add(key))
            {
                throw new ArgumentException($"Save: metadata key '{key}' appears more than once.", nameof(metadata));
            }

            entries.Add(new(key, value));
        }

        return entries;
    }

    private static void CheckUtf16(string text, string what, string argument)
    {
        try
        {
            StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"Save: {what} is not valid UTF-16 (it has an unpaired surrogate).", argument, e);
        }
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> entries, List<KeyValuePair<string, string>>? metadata)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in entries)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int dim in tensor.Dims)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += (long)tensor.Length * sizeof(float);
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        int length = json.WrittenCount;
        long padded = (length + 7L) & ~7L;
        if (padded > MaxHeaderBytes)
        {
            throw new ArgumentException(
                $"Save: the header would take {padded} bytes, more than the {MaxHeaderBytes}-byte limit readers accept.", "state");
        }

        var header = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)padded);
        json.WrittenSpan.CopyTo(header.AsSpan(8));
        header.AsSpan(8 + length).Fill((byte)' ');
        return header;
    }

    private static (OrderedDictionary<string, Tensor> Tensors, OrderedDictionary<string, string> Metadata) LoadCore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureLittleEndian();
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new SafeTensorsException(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new SafeTensorsException(path, "file not found (its directory does not exist)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SafeTensorsException(path, $"access denied: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new SafeTensorsException(path, $"cannot open the file: {e.Message}", e);
        }

        using (handle)
        {
            try
            {
                return Read(path, handle, 0, RandomAccess.GetLength(handle));
            }
            catch (SafeTensorsException)
            {
                throw;
            }
            catch (IOException e)
            {
                throw new SafeTensorsException(path, $"I/O error while reading: {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new SafeTensorsException(path, $"access denied while reading: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Reads the safetensors payload that occupies bytes [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>) of an open file (the whole file for a .safetensors file; one section of a model
    /// file), with every check of <see cref="Load"/>. Lengths and data offsets in messages are relative to the payload.
    /// </summary>
    /// <exception cref="SafeTensorsException">The payload is malformed or holds an unsupported dtype.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    internal static (OrderedDictionary<string, Tensor> Tensors, OrderedDictionary<string, string> Metadata) Read(
        string path, SafeFileHandle handle, long start, long length)
    {
        EnsureLittleEndian();
        long fileLength = length;
        if (fileLength == 0)
        {
            throw new SafeTensorsException(path, "the file is empty (0 bytes)");
        }

        if (fileLength < 8)
        {
            throw new SafeTensorsException(path,
                $"the file is only {fileLength} bytes, shorter than the 8-byte header length prefix");
        }

        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(path, handle, prefix, start);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
        {
            throw new SafeTensorsException(path,
                $"header length {headerLength} bytes exceeds the {MaxHeaderBytes}-byte limit (the file is {fileLength} bytes)");
        }

        if (headerLength > (ulong)(fileLength - 8))
        {
            throw new SafeTensorsException(path,
                $"header length {headerLength} bytes runs past the end of the file ({fileLength} bytes, {fileLength - 8} after the prefix)");
        }

        var header = new byte[(int)headerLength];
        ReadExactly(path, handle, header, start + 8);
        if (!Utf8.IsValid(header))
        {
            throw new SafeTensorsException(path, "the header is not valid UTF-8");
        }

        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.AsMemory(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new SafeTensorsException(path, $"the header is not valid JSON: {e.Message}", e);
        }

        var entries = new List<SafeTensorsEntry>();
        var metadata = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SafeTensorsException(path, $"the header JSON is {Describe(root.ValueKind)}, expected an object");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in root.EnumerateObject())
            {
                string name = property.Name;
                if (!seen.Add(name))
                {
                    throw new SafeTensorsException(path, name == MetadataKey
                        ? $"the header has more than one \"{MetadataKey}\" entry"
                        : $"duplicate tensor name '{Shown(name)}' in the header");
                }

                if (name == MetadataKey)
                {
                    ReadMetadata(path, property.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(path, name, property.Value, dataLength));
                }
            }
        }

        CheckCoverage(path, entries, dataLength);

        var tensors = new OrderedDictionary<string, Tensor>(entries.Count, StringComparer.Ordinal);
        byte[]? conversion = null;
        try
        {
            foreach (SafeTensorsEntry entry in entries)
            {
                var data = new float[entry.Count];
                long offset = start + dataStart + entry.Begin;
                if (entry.DType == "F32")
                {
                    Span<float> rest = data;
                    while (!rest.IsEmpty)
                    {
                        int take = Math.Min(rest.Length, MaxSpanBytes / sizeof(float));
                        ReadExactly(path, handle, MemoryMarshal.AsBytes(rest[..take]), offset);
                        offset += (long)take * sizeof(float);
                        rest = rest[take..];
                    }
                }
                else
                {
                    conversion ??= ArrayPool<byte>.Shared.Rent(ConversionChunkBytes);
                    int size = entry.ElementSize;
                    for (int done = 0; done < data.Length;)
                    {
                        int take = Math.Min(data.Length - done, ConversionChunkBytes / size);
                        Span<byte> bytes = conversion.AsSpan(0, take * size);
                        ReadExactly(path, handle, bytes, offset);
                        Convert(entry.DType, bytes, data.AsSpan(done, take));
                        offset += bytes.Length;
                        done += take;
                    }
                }

                tensors.Add(entry.Name, Tensor.Wrap(data, entry.Shape));
            }
        }
        finally
        {
            if (conversion is not null)
            {
                ArrayPool<byte>.Shared.Return(conversion);
            }
        }

        return (tensors, metadata);
    }

    private static void ReadMetadata(string path, JsonElement value, OrderedDictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafeTensorsException(path,
                $"\"{MetadataKey}\" is {Describe(value.ValueKind)}, expected an object mapping strings to strings");
        }

        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafeTensorsException(path,
                    $"\"{MetadataKey}\" value for key '{Shown(item.Name)}' is {Describe(item.Value.ValueKind)}, expected a string");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new SafeTensorsException(path, $"duplicate key '{Shown(item.Name)}' in \"{MetadataKey}\"");
            }
        }
    }

    private static SafeTensorsEntry ParseEntry(string path, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': the entry is {Describe(value.ValueKind)}, expected an object with dtype, shape and data_offsets");
        }

        if (!value.TryGetProperty("dtype", out JsonElement dtypeElement))
        {
            throw new SafeTensorsException(path, $"tensor '{Shown(name)}': missing \"dtype\"");
        }

        if (dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': \"dtype\" is {Describe(dtypeElement.ValueKind)}, expected a string");
        }

        string dtype = dtypeElement.GetString()!;
        int elementSize = dtype switch
        {
            "F32" => 4,
            "F64" => 8,
            "F16" => 2,
            "BF16" => 2,
            _ => 0,
        };
        if (elementSize == 0)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}' has unsupported dtype '{dtype}' (Recur loads F32 and converts F64, F16 and BF16 to F32)");
        }

        if (!value.TryGetProperty("shape", out JsonElement shapeElement))
        {
            throw new SafeTensorsException(path, $"tensor '{Shown(name)}': missing \"shape\"");
        }

        if (shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': \"shape\" is {Describe(shapeElement.ValueKind)}, expected an array of non-negative integers");
        }

        var shape = new int[shapeElement.GetArrayLength()];
        ulong count = 1;
        bool overflow = false;
        int axis = 0;
        foreach (JsonElement dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number)
            {
                throw new SafeTensorsException(path,
                    $"tensor '{Shown(name)}': shape dimension {axis} is {Describe(dim.ValueKind)}, expected a non-negative integer");
            }

            if (!dim.TryGetInt64(out long length))
            {
                throw new SafeTensorsException(path,
                    $"tensor '{Shown(name)}': shape dimension {axis} ({Shown(dim.GetRawText())}) is not an integer in range");
            }

            if (length < 0)
            {
                throw new SafeTensorsException(path, $"tensor '{Shown(name)}': shape dimension {axis} is negative ({length})");
            }

            if (length > int.MaxValue)
            {
                throw new SafeTensorsException(path,
                    $"tensor '{Shown(name)}': shape dimension {axis} ({length}) exceeds the largest axis length Recur supports ({int.MaxValue})");
            }

            shape[axis++] = (int)length;
            if (!overflow)
            {
                UInt128 product = (UInt128)count * (ulong)length;
                if (product > ulong.MaxValue)
                {
                    overflow = true;
                }
                else
                {
                    count = (ulong)product;
                }
            }
        }

        if (overflow)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': the element count of shape {FormatShape(shape)} overflows a 64-bit integer");
        }

        if (count > (ulong)Array.MaxLength)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': shape {FormatShape(shape)} has {count} elements, more than a Recur tensor can hold ({Array.MaxLength})");
        }

        if (!value.TryGetProperty("data_offsets", out JsonElement offsetsElement))
        {
            throw new SafeTensorsException(path, $"tensor '{Shown(name)}': missing \"data_offsets\"");
        }

        if (offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2
            || !TryGetOffset(offsetsElement[0], out ulong begin)
            || !TryGetOffset(offsetsElement[1], out ulong end))
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': \"data_offsets\" is {Shown(offsetsElement.GetRawText())}, expected two non-negative integers [begin, end]");
        }

        if (begin > end)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': data_offsets [{begin}, {end}] have begin greater than end");
        }

        if (end > (ulong)dataLength)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': data_offsets [{begin}, {end}] lie outside the data buffer ({dataLength} bytes)");
        }

        ulong expected = count * (ulong)elementSize;
        if (expected != end - begin)
        {
            throw new SafeTensorsException(path,
                $"tensor '{Shown(name)}': shape {FormatShape(shape)} of {dtype} needs {expected} bytes but data_offsets [{begin}, {end}] span {end - begin} bytes");
        }

        return new SafeTensorsEntry(name, dtype, elementSize, shape, (int)count, (long)begin, (long)end);
    }

    private static bool TryGetOffset(JsonElement element, out ulong value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out value);
    }

    private static void CheckCoverage(string path, List<SafeTensorsEntry> entries, long dataLength)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long cursor = 0;
        SafeTensorsEntry? previous = null;
        foreach (SafeTensorsEntry entry in sorted)
        {
            if (entry.Begin < cursor)
            {
                throw new SafeTensorsException(path,
                    $"tensors '{Shown(previous!.Name)}' [{previous.Begin}, {previous.End}] and '{Shown(entry.Name)}' [{entry.Begin}, {entry.End}] overlap in the data buffer");
            }

            if (entry.Begin > cursor)
            {
                throw new SafeTensorsException(path,
                    $"bytes [{cursor}, {entry.Begin}) of the data buffer are not covered by any tensor (a hole before '{Shown(entry.Name)}')");
            }

            cursor = entry.End;
            previous = entry;
        }

        if (cursor != dataLength)
        {
            throw new SafeTensorsException(path,
                $"the data buffer has {dataLength - cursor} trailing bytes after offset {cursor} not covered by any tensor");
        }
    }

    private static void Convert(string dtype, ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        switch (dtype)
        {
            case "F64":
            {
                ReadOnlySpan<double> source = MemoryMarshal.Cast<byte, double>(bytes);
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)source[i];
                }

                break;
            }

            case "F16":
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), destination);
                break;

            case "BF16":
            {
                ReadOnlySpan<ushort> source = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.UInt32BitsToSingle((uint)source[i] << 16);
                }

                break;
            }

            default:
                throw new InvalidOperationException($"No conversion from {dtype}.");
        }
    }

    private static void ReadExactly(string path, SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new SafeTensorsException(path,
                    $"the file ended unexpectedly at offset {offset} (was it truncated while being read?)");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException(
                "SafeTensors: safetensors data is little-endian and only little-endian machines are supported.");
        }
    }

    private static string FormatShape(int[] shape)
        => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Text from the file as shown in a message: cut to 120 characters so a hostile header cannot flood it.</summary>
    private static string Shown(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 120), "...");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };
}
