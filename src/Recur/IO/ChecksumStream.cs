namespace Recur.IO;

/// <summary>
/// A write-only pass-through stream that keeps the CRC-32C (<see cref="Crc32C"/>) and the count of every byte
/// written through it. It does not own <paramref name="inner"/>.
/// </summary>
/// <param name="inner">The stream the bytes go to.</param>
internal sealed class ChecksumStream(Stream inner) : Stream
{
    private Crc32C _crc = new();

    /// <summary>The checksum of the bytes written so far.</summary>
    public uint Checksum => _crc.Value;

    /// <summary>The number of bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _crc.Append(buffer);
        BytesWritten += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
