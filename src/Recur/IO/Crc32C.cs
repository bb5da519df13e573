using System.Buffers.Binary;
using System.Numerics;

namespace Recur.IO;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF — the checksum of
/// iSCSI, ext4 and Snappy; check value 0xE3069283 for the ASCII bytes "123456789"), computed incrementally with the
/// hardware instruction where the CPU has one (<see cref="BitOperations.Crc32C(uint, ulong)"/>).
/// </summary>
internal struct Crc32C
{
    private uint _state;

    /// <summary>A checksum over no bytes yet.</summary>
    public Crc32C() => _state = ~0u;

    /// <summary>The checksum of the bytes appended so far.</summary>
    public readonly uint Value => ~_state;

    /// <summary>Appends <paramref name="data"/> to the checksummed bytes.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        uint state = _state;
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (byte b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        _state = state;
    }

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32C();
        crc.Append(data);
        return crc.Value;
    }
}
