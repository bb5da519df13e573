using System.Buffers.Binary;
using System.Text;
using Recur.IO;

namespace Recur.Tests.IO;

/// <summary>
/// Builds and takes apart .recur files byte by byte, following docs/model-format.md, with an independent bitwise
/// CRC-32C, so tests can craft damaged files whose checksum is right (reaching the checks behind it).
/// </summary>
internal static class ModelFileBytes
{
    /// <summary>magic | major | minor | J | json | S | payload | CRC-32C of everything before it.</summary>
    public static byte[] Compose(byte[] json, byte[] payload, ushort major = 1, ushort minor = 0, string magic = "RECURMDL")
    {
        var bytes = new byte[20 + json.Length + 8 + payload.Length + 4];
        Encoding.ASCII.GetBytes(magic).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), major);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), minor);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(12), (ulong)json.Length);
        json.CopyTo(bytes, 20);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(20 + json.Length), (ulong)payload.Length);
        payload.CopyTo(bytes, 28 + json.Length);
        return FixChecksum(bytes);
    }

    /// <summary>A file with a JSON section given as text.</summary>
    public static byte[] Compose(string json, byte[] payload) => Compose(Encoding.UTF8.GetBytes(json), payload);

    /// <summary>The JSON and safetensors sections of a well-formed file.</summary>
    public static (byte[] Json, byte[] Payload) Split(byte[] file)
    {
        int jsonLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(12)));
        int payloadLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(20 + jsonLength)));
        return (file.AsSpan(20, jsonLength).ToArray(), file.AsSpan(28 + jsonLength, payloadLength).ToArray());
    }

    /// <summary>Rewrites the last 4 bytes as the CRC-32C of the bytes before them (returns the same array).</summary>
    public static byte[] FixChecksum(byte[] file)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), BitwiseCrc32C(file.AsSpan(0, file.Length - 4)));
        return file;
    }

    /// <summary>A safetensors payload of <paramref name="state"/> (what a model file embeds).</summary>
    public static byte[] Payload(IReadOnlyDictionary<string, Tensor> state)
    {
        using var stream = new MemoryStream();
        SafeTensors.Prepare(state, metadata: null).WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>CRC-32C one bit at a time (reflected polynomial 0x82F63B78, init and final XOR 0xFFFFFFFF).</summary>
    public static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
