using System.Buffers.Binary;
using System.Text;
using Recur.IO;
using Xunit;

namespace Recur.Tests.IO;

/// <summary>Each malformed file must raise <see cref="SafeTensorsException"/> naming the file and the problem.</summary>
public sealed class SafeTensorsMalformedTests : IDisposable
{
    private const string Weight = "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SafeTensorsException AssertRejected(byte[] bytes, string phrase, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        string fileName = test + ".safetensors";
        string path = _dir.File(fileName);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(path));
        Assert.Contains(fileName, e.Message, StringComparison.Ordinal);
        Assert.Contains(phrase, e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.FilePath);
        // LoadFile goes through the same checks.
        var again = Assert.Throws<SafeTensorsException>(() => SafeTensors.LoadFile(path));
        Assert.Equal(e.Message, again.Message);
        return e;
    }

    private static byte[] Header(string json, int dataBytes) => SafeTensorsBytes.File(json, dataBytes);

    [Fact]
    public void EmptyFile() => AssertRejected([], "the file is empty");

    [Fact]
    public void ShorterThanPrefix() => AssertRejected([1, 0, 0, 0, 0], "shorter than the 8-byte header length prefix");

    [Fact]
    public void HeaderLengthPastEndOfFile()
    {
        byte[] bytes = SafeTensorsBytes.File(Encoding.UTF8.GetBytes("{}      "), [], declaredHeaderLength: 100);
        AssertRejected(bytes, "header length 100 bytes runs past the end of the file");
    }

    [Fact]
    public void HeaderLengthAbsurdlyLarge()
    {
        byte[] bytes = SafeTensorsBytes.File(Encoding.UTF8.GetBytes("{}      "), [], declaredHeaderLength: 5_000_000_000);
        AssertRejected(bytes, "header length 5000000000 bytes exceeds the 100000000-byte limit");
    }

    [Fact]
    public void HeaderLengthMaxValue()
    {
        byte[] bytes = SafeTensorsBytes.File(Encoding.UTF8.GetBytes("{}      "), [], declaredHeaderLength: ulong.MaxValue);
        AssertRejected(bytes, "exceeds the 100000000-byte limit");
    }

    [Fact]
    public void HeaderNotUtf8()
    {
        byte[] header = [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        AssertRejected(SafeTensorsBytes.File(header, []), "the header is not valid UTF-8");
    }

    [Fact]
    public void HeaderNotJson() => AssertRejected(Header("{\"weight\":{\"dtype\":", 0), "the header is not valid JSON");

    [Fact]
    public void HeaderTrailingGarbageIsNotJson() => AssertRejected(Header("{} x", 0), "the header is not valid JSON");

    [Fact]
    public void HeaderLengthZeroIsNotJson() => AssertRejected(SafeTensorsBytes.File([], []), "the header is not valid JSON");

    [Fact]
    public void DeeplyNestedHeaderIsNotJson() =>
        AssertRejected(Header("{\"a\":" + new string('[', 100_000), 0), "the header is not valid JSON");

    [Fact]
    public void HeaderNotObject() => AssertRejected(Header("[1,2]", 0), "the header JSON is an array, expected an object");

    [Fact]
    public void TensorEntryNotObject() =>
        AssertRejected(Header("{\"weight\":42}", 0), "tensor 'weight': the entry is a number, expected an object");

    [Fact]
    public void MissingDType() =>
        AssertRejected(Header("{\"weight\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "tensor 'weight': missing \"dtype\"");

    [Fact]
    public void DTypeNotString() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
            "tensor 'weight': \"dtype\" is a number, expected a string");

    [Fact]
    public void MissingShape() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8), "tensor 'weight': missing \"shape\"");

    [Fact]
    public void ShapeNotArray() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", 8),
            "tensor 'weight': \"shape\" is a number, expected an array");

    [Fact]
    public void MissingDataOffsets() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "tensor 'weight': missing \"data_offsets\"");

    [Fact]
    public void UnsupportedDType() =>
        AssertRejected(Header("{\"step\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
            "tensor 'step' has unsupported dtype 'I64'");

    [Fact]
    public void HugeTensorNameIsCutInTheMessage()
    {
        string name = new('x', 100_000);
        var e = AssertRejected(Header("{\"" + name + "\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
            "tensor '" + new string('x', 120) + "...' has unsupported dtype 'I8'");
        Assert.True(e.Message.Length < 1000, $"message has {e.Message.Length} characters");
    }

    [Fact]
    public void NegativeDimension() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,24]}}", 24),
            "tensor 'weight': shape dimension 1 is negative (-3)");

    [Fact]
    public void NonIntegerDimension() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8),
            "tensor 'weight': shape dimension 0 (2.5) is not an integer");

    [Fact]
    public void StringDimension() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", 8),
            "tensor 'weight': shape dimension 0 is a string, expected a non-negative integer");

    [Fact]
    public void DimensionBeyondInt32() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,8]}}", 8),
            "shape dimension 0 (4294967296) exceeds the largest axis length");

    [Fact]
    public void ElementCountOverflows() =>
        AssertRejected(
            Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647,0],\"data_offsets\":[0,0]}}", 0),
            "the element count of shape [2147483647, 2147483647, 2147483647, 0] overflows");

    [Fact]
    public void ElementCountTooLargeForTensor() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", 8),
            "has 4294967296 elements, more than a Recur tensor can hold");

    [Fact]
    public void DataOffsetsNotTwoIntegers() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8),
            "tensor 'weight': \"data_offsets\" is [0], expected two non-negative integers");

    [Fact]
    public void DataOffsetsNegative() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", 8),
            "expected two non-negative integers [begin, end]");

    [Fact]
    public void DataOffsetsBeginAfterEnd() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8),
            "tensor 'weight': data_offsets [8, 0] have begin greater than end");

    [Fact]
    public void DataOffsetsOutOfRange() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", 20),
            "tensor 'weight': data_offsets [0, 24] lie outside the data buffer (20 bytes)");

    [Fact]
    public void DataOffsetsHuge() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[18446744073709551607,18446744073709551615]}}", 8),
            "lie outside the data buffer (8 bytes)");

    [Fact]
    public void ShapeDisagreesWithByteCount() =>
        AssertRejected(Header("{\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
            "tensor 'weight': shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20] span 20 bytes");

    [Fact]
    public void OverlappingTensors() =>
        AssertRejected(
            Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24),
            "tensors 'a' [0, 16] and 'b' [8, 24] overlap in the data buffer");

    [Fact]
    public void DuplicateTensorNames() =>
        AssertRejected(
            Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
            "duplicate tensor name 'a' in the header");

    [Fact]
    public void DuplicateMetadata() =>
        AssertRejected(Header("{\"__metadata__\":{},\"__metadata__\":{}}", 0), "more than one \"__metadata__\" entry");

    [Fact]
    public void HoleInDataBuffer() =>
        AssertRejected(
            Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12),
            "bytes [4, 8) of the data buffer are not covered by any tensor (a hole before 'b')");

    [Fact]
    public void TrailingBytesInDataBuffer() => AssertRejected(Header("{" + Weight + "}", 32),
        "the data buffer has 8 trailing bytes after offset 24 not covered by any tensor");

    [Fact]
    public void MetadataNotObject() =>
        AssertRejected(Header("{\"__metadata__\":[\"pt\"]," + Weight + "}", 24),
            "\"__metadata__\" is an array, expected an object mapping strings to strings");

    [Fact]
    public void MetadataValueNotString() =>
        AssertRejected(Header("{\"__metadata__\":{\"epoch\":3}," + Weight + "}", 24),
            "\"__metadata__\" value for key 'epoch' is a number, expected a string");

    [Fact]
    public void FileNotFound()
    {
        string path = _dir.File("missing.safetensors");
        var e = Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(path));
        Assert.Contains("missing.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("file not found", e.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(e.InnerException);
    }

    [Fact]
    public void DirectoryNotFound()
    {
        string path = Path.Combine(_dir.Path, "nope", "m.safetensors");
        var e = Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(path));
        Assert.Contains("m.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionIsAnIOException()
    {
        var e = AssertRejected([], "empty");
        Assert.IsAssignableFrom<IOException>(e);
        Assert.Equal("the file is empty (0 bytes)", e.Problem);
    }

    [Fact]
    public void EveryTruncationOfAValidFileIsRejectedCleanly()
    {
        // A valid file cut at every length: each prefix must be rejected with SafeTensorsException, never another exception.
        string json = "{\"__metadata__\":{\"format\":\"pt\"},\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] full = SafeTensorsBytes.File(SafeTensorsBytes.PaddedHeader(json), SafeTensorsBytes.Floats(1f, 2f));
        string path = _dir.File("truncated.safetensors");
        for (int length = 0; length < full.Length; length++)
        {
            File.WriteAllBytes(path, full[..length]);
            var e = Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(path));
            Assert.Contains("truncated.safetensors", e.Message, StringComparison.Ordinal);
        }

        File.WriteAllBytes(path, full);
        Assert.Equal([1f, 2f], SafeTensors.Load(path)["bias"].ToArray());
    }

    [Fact]
    public void CorruptedBytesNeverCrash()
    {
        // Flip each header byte of a valid file: the result either loads or raises SafeTensorsException.
        string json = "{\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] full = SafeTensorsBytes.File(SafeTensorsBytes.PaddedHeader(json), SafeTensorsBytes.Floats(1f, 2f));
        string path = _dir.File("corrupt.safetensors");
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(full);
        foreach (byte value in new byte[] { 0x00, 0x20, 0x7F, 0xFF, (byte)'9', (byte)'"', (byte)'{' })
        {
            for (int i = 0; i < headerEnd; i++)
            {
                byte[] bad = (byte[])full.Clone();
                bad[i] = value;
                File.WriteAllBytes(path, bad);
                try
                {
                    SafeTensors.Load(path);
                }
                catch (SafeTensorsException)
                {
                    // Expected for most corruptions.
                }
            }
        }
    }

    [Fact]
    public void RandomMutationsNeverCrash()
    {
        // Deterministic fuzzing: random byte changes anywhere in a valid two-tensor file with metadata either load or
        // raise SafeTensorsException, never anything else.
        string json =
            "{\"__metadata__\":{\"format\":\"pt\"}," +
            "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
            "\"weight\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[8,20]}}";
        byte[] full = SafeTensorsBytes.File(SafeTensorsBytes.PaddedHeader(json), new byte[20]);
        string path = _dir.File("fuzz.safetensors");
        var random = new Random(20261122);
        byte[] alphabet = Encoding.ASCII.GetBytes("{}[]\":,-0123456789 eE.FBI_x");
        for (int iteration = 0; iteration < 1500; iteration++)
        {
            byte[] bad = (byte[])full.Clone();
            int changes = random.Next(1, 4);
            for (int c = 0; c < changes; c++)
            {
                int at = random.Next(bad.Length);
                bad[at] = random.Next(3) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            if (random.Next(10) == 0)
            {
                bad = bad[..random.Next(bad.Length + 1)];
            }

            File.WriteAllBytes(path, bad);
            try
            {
                SafeTensors.Load(path);
            }
            catch (SafeTensorsException e)
            {
                Assert.Contains("fuzz.safetensors", e.Message, StringComparison.Ordinal);
            }
        }
    }
}
