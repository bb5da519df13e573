// The .recur model file, format 1.0 (docs/model-format.md has the full description):
//
//   offset    size  field
//   0         8     magic "RECURMDL" (ASCII)
//   8         2     major format version, uint16 little-endian (1)
//   10        2     minor format version, uint16 little-endian (0)
//   12        8     J, the JSON section's length in bytes, uint64 little-endian (at most 100 MB)
//   20        J     UTF-8 JSON {"architecture": layer config tree, "metadata": model metadata}
//   20+J      8     S, the weights section's length in bytes, uint64 little-endian
//   28+J      S     the weights and buffers (the state dict) as a complete safetensors payload (F32)
//   28+J+S    4     CRC-32C of bytes [0, 28+J+S), uint32 little-endian; the file ends here
//
// Reading checks, in order: the file opens and is not empty; the magic; the version (a newer major is refused, 0 is
// invalid, a newer minor is read); every section fits the file (each truncation is named) and nothing follows the
// checksum; the checksum; the JSON and its schema; the architecture builds through LayerRegistry (the root must be a
// Model); the safetensors payload; the state dict loads strictly. Every failure is one ModelFileException.
//
// Writing builds the JSON and the safetensors header first (bad input fails before any file is touched), writes a
// temporary file in the target's directory, flushes it to disk and renames it over the target; on any failure the
// temporary file is deleted and the previous file is untouched.
using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Recur.Layers;
using Recur.Models;
using Recur.Modules;

namespace Recur.IO;

/// <summary>Writes and reads <c>.recur</c> model files (see <see cref="Model.Save"/> and <see cref="Model.Load"/>).</summary>
internal static class ModelFile
{
    /// <summary>The major format version written; files with a larger major version are refused.</summary>
    public const ushort MajorVersion = 1;

    /// <summary>The minor format version written; files with any minor version of a known major are read.</summary>
    public const ushort MinorVersion = 0;

    /// <summary>The largest JSON section accepted (100 MB).</summary>
    public const long MaxJsonBytes = 100_000_000;

    /// <summary>Bytes before the JSON section: magic (8), version (2 + 2), JSON length (8).</summary>
    public const int PrefixBytes = 20;

    private const int ChecksumBytes = 4;
    private const int ChunkBytes = 1 << 20;
    private const int MaxListed = 20;

    /// <summary>The 8-byte magic number, "RECURMDL" in ASCII.</summary>
    public static ReadOnlySpan<byte> Magic => "RECURMDL"u8;

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> through a temporary file and a rename.
    /// <paramref name="intercept"/> (tests only) wraps the temporary file's stream, e.g. to fail midway.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty, or the architecture, metadata or state cannot be written.</exception>
    /// <exception cref="ModelFileException">Writing or renaming failed (the previous file is unchanged).</exception>
    public static void Write(Model model, string path, Func<Stream, Stream>? intercept = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] json = ModelFileJson.Write(model.GetConfig(), model.Metadata);
        if (json.LongLength > MaxJsonBytes)
        {
            throw new ArgumentException(
                $"Save: the architecture and metadata JSON takes {json.LongLength} bytes, more than the {MaxJsonBytes}-byte limit.", nameof(model));
        }

        SafeTensorsPayload payload = SafeTensors.Prepare(model.StateDict(), metadata: null);
        long payloadLength = payload.Length;

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        FileStream? file = null;
        try
        {
            file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            Stream target = intercept is null ? file : intercept(file);
            var checksummed = new ChecksumStream(target);
            var prefix = new byte[PrefixBytes];
            Magic.CopyTo(prefix);
            BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(8), MajorVersion);
            BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(10), MinorVersion);
            BinaryPrimitives.WriteUInt64LittleEndian(prefix.AsSpan(12), (ulong)json.LongLength);
            checksummed.Write(prefix);
            checksummed.Write(json);
            var length = new byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)payloadLength);
            checksummed.Write(length);
            payload.WriteTo(checksummed);
            long expected = PrefixBytes + json.LongLength + sizeof(ulong) + payloadLength;
            if (checksummed.BytesWritten != expected)
            {
                throw new InvalidOperationException(
                    $"Save: wrote {checksummed.BytesWritten} bytes before the checksum, expected {expected} (a tensor changed size while saving).");
            }

            var crc = new byte[ChecksumBytes];
            BinaryPrimitives.WriteUInt32LittleEndian(crc, checksummed.Checksum);
            target.Write(crc);
            target.Flush();
            file.Flush(flushToDisk: true);
            file.Dispose();
            file = null;
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch (Exception e)
        {
            file?.Dispose();
            TryDelete(tempPath);
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new ModelFileException(path, $"cannot write the file: {e.Message} (any previous file at this path is unchanged)", e);
            }

            throw;
        }
    }

    /// <summary>Reads the model file at <paramref name="path"/>: the architecture rebuilt, the weights and metadata loaded, in eval mode.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="ModelFileException">The file is missing, unreadable, damaged, or does not describe a loadable model.</exception>
    public static Model Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using SafeFileHandle handle = Open(path);
        try
        {
            return ReadCore(path, handle);
        }
        catch (IOException e) when (e is not SafeTensorsException)
        {
            throw new ModelFileException(path, $"I/O error while reading: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelFileException(path, $"access denied while reading: {e.Message}", e);
        }
    }

    private static SafeFileHandle Open(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new ModelFileException(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ModelFileException(path, "file not found (its directory does not exist)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelFileException(path, $"access denied: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ModelFileException(path, $"cannot open the file: {e.Message}", e);
        }
    }

    private static Model ReadCore(string path, SafeFileHandle handle)
    {
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength == 0)
        {
            throw new ModelFileException(path, "the file is empty (0 bytes)");
        }

        Span<byte> prefix = stackalloc byte[PrefixBytes];
        int have = (int)Math.Min(fileLength, PrefixBytes);
        ReadExactly(path, handle, prefix[..have], 0);
        if (have < Magic.Length)
        {
            throw Truncated(path, fileLength, "magic number", 0, Magic.Length);
        }

        if (!prefix[..Magic.Length].SequenceEqual(Magic))
        {
            throw new ModelFileException(path, WrongMagic(prefix[..Magic.Length], have >= 9 ? prefix[8] : (byte)0));
        }

        if (have < 12)
        {
            throw Truncated(path, fileLength, "format version", 8, 4);
        }

        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        ushort minor = BinaryPrimitives.ReadUInt16LittleEndian(prefix[10..]);
        if (major > MajorVersion)
        {
            throw new ModelFileException(path,
                $"format version {major}.{minor} is newer than this version of Recur can read (format {MajorVersion}.x); " +
                "update Recur to load this file");
        }

        if (major == 0)
        {
            throw new ModelFileException(path, $"format version {major}.{minor} is not valid (the first format version is 1.0); the file is corrupt");
        }

        if (have < PrefixBytes)
        {
            throw Truncated(path, fileLength, "JSON section length", 12, 8);
        }

        ulong jsonLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix[12..]);
        if (jsonLength > MaxJsonBytes)
        {
            throw new ModelFileException(path,
                $"the JSON section length is {jsonLength} bytes, more than the {MaxJsonBytes}-byte limit (the file is {fileLength} bytes); the file is corrupt");
        }

        long jsonEnd = PrefixBytes + (long)jsonLength;
        if (jsonEnd > fileLength)
        {
            throw Truncated(path, fileLength, "JSON section", PrefixBytes, (long)jsonLength);
        }

        if (jsonEnd + sizeof(ulong) > fileLength)
        {
            throw Truncated(path, fileLength, "weights section length", jsonEnd, sizeof(ulong));
        }

        Span<byte> word = stackalloc byte[sizeof(ulong)];
        ReadExactly(path, handle, word, jsonEnd);
        ulong payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(word);
        long payloadStart = jsonEnd + sizeof(ulong);
        if (payloadLength > (ulong)(fileLength - payloadStart))
        {
            throw Truncated(path, fileLength, "weights section", payloadStart, payloadLength > long.MaxValue ? long.MaxValue : (long)payloadLength);
        }

        long payloadEnd = payloadStart + (long)payloadLength;
        if (fileLength - payloadEnd < ChecksumBytes)
        {
            throw Truncated(path, fileLength, "checksum", payloadEnd, ChecksumBytes);
        }

        if (fileLength - payloadEnd > ChecksumBytes)
        {
            throw new ModelFileException(path,
                $"{fileLength - payloadEnd - ChecksumBytes} unexpected bytes follow the checksum at offset {payloadEnd + ChecksumBytes} " +
                $"(the sections declare {payloadEnd + ChecksumBytes} bytes, the file has {fileLength}); the file is corrupt");
        }

        ReadExactly(path, handle, word[..ChecksumBytes], payloadEnd);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(word);
        uint computed = Checksum(path, handle, payloadEnd);
        if (stored != computed)
        {
            throw new ModelFileException(path,
                $"checksum mismatch: the file stores CRC-32C 0x{stored:X8} but its {payloadEnd} bytes give 0x{computed:X8}; " +
                "the file is corrupt (damaged on disk or in transfer, or edited)");
        }

        var json = new byte[jsonLength];
        ReadExactly(path, handle, json, PrefixBytes);
        var metadata = new ModelMetadata();
        LayerConfig architecture = ModelFileJson.Read(path, json, metadata);
        Model model = Build(path, architecture);

        OrderedDictionary<string, Tensor> tensors;
        try
        {
            tensors = SafeTensors.Read(path, handle, payloadStart, (long)payloadLength).Tensors;
        }
        catch (SafeTensorsException e)
        {
            throw new ModelFileException(path,
                $"the weights section (safetensors, {payloadLength} bytes at offset {payloadStart}) is corrupt: {e.Problem}", e);
        }

        LoadWeights(path, model, tensors);
        CopyMetadata(metadata, model.Metadata);
        model.Eval();
        return model;
    }

    private static Model Build(string path, LayerConfig architecture)
    {
        Layer layer;
        try
        {
            layer = LayerRegistry.Create(architecture);
        }
        catch (KeyNotFoundException e)
        {
            string? at = FindUnregistered(architecture, "architecture", out string? type);
            string where = at is null ? string.Empty : $" (layer type '{type}' at {at})";
            throw new ModelFileException(path,
                $"unknown layer type{where}: {e.Message} Custom layers and models must be registered with LayerRegistry.Register before Model.Load",
                e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or InvalidCastException
                                      or NullReferenceException or OverflowException or IndexOutOfRangeException or JsonException)
        {
            throw new ModelFileException(path,
                $"bad layer arguments: cannot build the architecture (root layer '{architecture.Type}') from the arguments in the file: {e.Message}",
                e);
        }

        if (layer is not Model model)
        {
            throw new ModelFileException(path,
                $"the architecture's root layer '{architecture.Type}' builds a {layer.GetType().Name}, which is a layer but not a model; " +
                "Model.Load needs a Model at the root");
        }

        return model;
    }

    private static string? FindUnregistered(LayerConfig config, string where, out string? type)
    {
        if (!LayerRegistry.IsRegistered(config.Type))
        {
            type = config.Type;
            return where;
        }

        for (int i = 0; i < config.Children.Count; i++)
        {
            string? found = FindUnregistered(config.Children[i], $"{where}.children[{i}]", out type);
            if (found is not null)
            {
                return found;
            }
        }

        type = null;
        return null;
    }

    private static void LoadWeights(string path, Model model, OrderedDictionary<string, Tensor> tensors)
    {
        try
        {
            model.LoadStateDict(tensors, strict: true);
        }
        catch (StateDictException e)
        {
            var parts = new List<string>();
            if (e.MissingKeys.Count > 0)
            {
                parts.Add($"missing weights (the architecture has them, the file does not): {List(e.MissingKeys)}");
            }

            if (e.UnexpectedKeys.Count > 0)
            {
                parts.Add($"unexpected weights (the file has them, the architecture does not): {List(e.UnexpectedKeys)}");
            }

            if (e.ShapeMismatches.Count > 0)
            {
                parts.Add($"mis-shaped weights: {List(e.ShapeMismatches, "; ")}");
            }

            throw new ModelFileException(path, $"the weights do not fit the architecture: {string.Join(" | ", parts)}", e);
        }
    }

    private static string List(IReadOnlyList<string> items, string separator = ", ")
    {
        string shown = string.Join(separator, items.Take(MaxListed));
        return items.Count > MaxListed ? $"{shown}{separator}… and {items.Count - MaxListed} more" : shown;
    }

    private static void CopyMetadata(ModelMetadata from, ModelMetadata to)
    {
        to.ClassNames = from.ClassNames;
        to.TrainingOptions = from.TrainingOptions;
        to.Extra = from.Extra;
        to.Metrics.Clear();
        foreach (var (name, value) in from.Metrics)
        {
            to.Metrics[name] = value;
        }

        to.History.Clear();
        foreach (var (name, values) in from.History)
        {
            to.History[name] = values;
        }
    }

    private static uint Checksum(string path, SafeFileHandle handle, long length)
    {
        var crc = new Crc32C();
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkBytes, Math.Max(length, 1)));
        try
        {
            for (long offset = 0; offset < length;)
            {
                int take = (int)Math.Min(buffer.Length, length - offset);
                ReadExactly(path, handle, buffer.AsSpan(0, take), offset);
                crc.Append(buffer.AsSpan(0, take));
                offset += take;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return crc.Value;
    }

    private static ModelFileException Truncated(string path, long fileLength, string section, long offset, long bytes)
        => new(path,
            $"the file is truncated in the {section}: it needs {bytes} bytes from offset {offset} but the file ends at {fileLength} bytes");

    private static string WrongMagic(ReadOnlySpan<byte> found, byte next)
    {
        string hex = Convert.ToHexString(found);
        string message = $"wrong magic number: the file starts with {hex}, expected {Convert.ToHexString(Magic)} (\"RECURMDL\"); it is not a Recur model file";
        ulong asLength = BinaryPrimitives.ReadUInt64LittleEndian(found);
        if (next == (byte)'{' && asLength <= SafeTensors.MaxHeaderBytes)
        {
            message += " (it looks like a plain safetensors file: read it with SafeTensors.Load and Module.LoadStateDict)";
        }

        return message;
    }

    private static void ReadExactly(string path, SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new ModelFileException(path, $"the file ended unexpectedly at offset {offset} (was it truncated while being read?)");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private static void TryDelete(string tempPath)
    {
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
    }
}
