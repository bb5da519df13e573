using System.Buffers.Binary;
using System.Text;

namespace Recur.Tests.IO;

/// <summary>Builds safetensors files byte by byte, as the Python reference lays them out.</summary>
internal static class SafeTensorsBytes
{
    /// <summary>The header padded with spaces so the data starts at a multiple of 8 (the reference writer's rule).</summary>
    public static byte[] PaddedHeader(string json)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        int padded = (utf8.Length + 7) / 8 * 8;
        var header = new byte[padded];
        utf8.CopyTo(header, 0);
        header.AsSpan(utf8.Length).Fill((byte)' ');
        return header;
    }

    /// <summary>8-byte little-endian header length, the header bytes as given, then the data.</summary>
    public static byte[] File(byte[] header, byte[] data, ulong? declaredHeaderLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredHeaderLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>A file from a JSON header (padded to a multiple of 8) and <paramref name="dataBytes"/> zero bytes.</summary>
    public static byte[] File(string json, int dataBytes) => File(PaddedHeader(json), new byte[dataBytes]);

    /// <summary>Little-endian bytes of float32 values.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}
