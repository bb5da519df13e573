using System.Text;
using Recur.IO;
using Xunit;

namespace Recur.Tests.IO;

/// <summary>The model file's checksum is standard CRC-32C.</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void CheckValueOfTheStandardTestString()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, ModelFileBytes.BitwiseCrc32C("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void IncrementalAppendsMatchTheBitwiseReferenceAtEverySplit()
    {
        byte[] data = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog, 0123456789 times!");
        uint expected = ModelFileBytes.BitwiseCrc32C(data);
        Assert.Equal(0x22620404u, ModelFileBytes.BitwiseCrc32C("The quick brown fox jumps over the lazy dog"u8));
        for (int split = 0; split <= data.Length; split++)
        {
            var crc = new Crc32C();
            crc.Append(data.AsSpan(0, split));
            crc.Append(data.AsSpan(split));
            Assert.Equal(expected, crc.Value);
        }
    }
}
