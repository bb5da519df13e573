using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Recur.IO;
using Xunit;

namespace Recur.Tests.IO;

public sealed class SafeTensorsTests : IDisposable
{
    private const string ReferenceJson =
        "{\"__metadata__\":{\"format\":\"pt\"}," +
        "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
        "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]}}";

    private static readonly float[] Bias = [0.5f, -1.5f];
    private static readonly float[] Weight = [1f, 2f, 3f, -4f, 5.25f, 6e-7f];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] ReferenceFile() =>
        SafeTensorsBytes.File(SafeTensorsBytes.PaddedHeader(ReferenceJson), SafeTensorsBytes.Floats([.. Bias, .. Weight]));

    private static OrderedDictionary<string, Tensor> ReferenceState() => new()
    {
        ["bias"] = Tensor.FromArray(Bias, 2),
        ["weight"] = Tensor.FromArray(Weight, 2, 3),
    };

    private static void AssertBitwiseEqual(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.True(
            MemoryMarshal.Cast<float, int>(expected.AsReadOnlySpan()).SequenceEqual(MemoryMarshal.Cast<float, int>(actual.AsReadOnlySpan())),
            "values differ bitwise");
    }

    [Fact]
    public void LoadsTheReferenceLayout()
    {
        byte[] bytes = ReferenceFile();
        Assert.Equal(0UL, (8 + BinaryPrimitives.ReadUInt64LittleEndian(bytes)) % 8);
        string path = _dir.File("reference.safetensors");
        File.WriteAllBytes(path, bytes);

        SafeTensorsFile file = SafeTensors.LoadFile(path);
        Assert.Equal(["bias", "weight"], file.Tensors.Keys);
        Assert.Equal([2], file.Tensors["bias"].Shape);
        Assert.Equal([2, 3], file.Tensors["weight"].Shape);
        Assert.Equal(Bias, file.Tensors["bias"].ToArray());
        Assert.Equal(Weight, file.Tensors["weight"].ToArray());
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt" }, file.Metadata);

        OrderedDictionary<string, Tensor> tensors = SafeTensors.Load(path);
        Assert.Equal(["bias", "weight"], tensors.Keys);
    }

    [Fact]
    public void SaveWritesExactlyTheReferenceLayout()
    {
        string path = _dir.File("ours.safetensors");
        SafeTensors.Save(path, ReferenceState(), new Dictionary<string, string> { ["format"] = "pt" });
        Assert.Equal(ReferenceFile(), File.ReadAllBytes(path));
    }

    [Fact]
    public void SaveWithoutMetadataOmitsIt()
    {
        string path = _dir.File("plain.safetensors");
        SafeTensors.Save(path, new OrderedDictionary<string, Tensor> { ["x"] = Tensor.FromArray([7f], 1) });
        string json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        Assert.Equal(SafeTensorsBytes.File(SafeTensorsBytes.PaddedHeader(json), SafeTensorsBytes.Floats(7f)), File.ReadAllBytes(path));
        Assert.Empty(SafeTensors.LoadFile(path).Metadata);
    }

    [Fact]
    public void EmptyStateRoundTrips()
    {
        string path = _dir.File("empty.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>());
        Assert.Equal(SafeTensorsBytes.File(Encoding.ASCII.GetBytes("{}      "), []), File.ReadAllBytes(path));
        Assert.Empty(SafeTensors.Load(path));
    }

    [Fact]
    public void HeaderOrderIsKeptEvenWhenOffsetsRunTheOtherWay()
    {
        // Python's writer orders the buffer by its own rules; the header order is what Load preserves.
        string json =
            "{\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]}," +
            "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        string path = _dir.File("order.safetensors");
        File.WriteAllBytes(path, SafeTensorsBytes.File(SafeTensorsBytes.PaddedHeader(json), SafeTensorsBytes.Floats([.. Bias, .. Weight])));
        var tensors = SafeTensors.Load(path);
        Assert.Equal(["weight", "bias"], tensors.Keys);
        Assert.Equal(Weight, tensors["weight"].ToArray());
        Assert.Equal(Bias, tensors["bias"].ToArray());
    }

    [Fact]
    public void RoundTripKeepsNamesOrderShapesAndBits()
    {
        float[] special =
        [
            float.NaN, -float.NaN, BitConverter.Int32BitsToSingle(0x7FC00001), BitConverter.Int32BitsToSingle(0x7F800001),
            BitConverter.Int32BitsToSingle(unchecked((int)0xFFC12345)), -0f, 0f, float.Epsilon, -float.Epsilon,
            BitConverter.Int32BitsToSingle(0x007FFFFF), float.PositiveInfinity, float.NegativeInfinity,
            float.MaxValue, float.MinValue, 1f / 3f, -123.456f,
        ];
        var state = new OrderedDictionary<string, Tensor>
        {
            ["z.last"] = Tensor.FromArray(special, 4, 4),
            ["a.first"] = Tensor.Normal(7, 0f, 1f, 3, 5),
            ["scalar"] = Tensor.Scalar(-0f),
            ["empty"] = Tensor.Zeros(0, 3),
            ["lstm.weight_ih_l0"] = Tensor.Uniform(3, -1f, 1f, 8, 2),
            ["héllo \"quoted\" \\ name"] = Tensor.FromArray([42f], 1),
        };
        string path = _dir.File("roundtrip.safetensors");
        SafeTensors.Save(path, state);
        var loaded = SafeTensors.Load(path);
        Assert.Equal(state.Keys, loaded.Keys);
        foreach (var (name, tensor) in state)
        {
            AssertBitwiseEqual(tensor, loaded[name]);
        }

        Assert.Equal(0, loaded["scalar"].Rank);
        Assert.Equal([0, 3], loaded["empty"].Shape);
        Assert.True(BitConverter.SingleToInt32Bits(loaded["scalar"].Item()) == BitConverter.SingleToInt32Bits(-0f));

        // Saving what was loaded reproduces the file byte for byte.
        string again = _dir.File("again.safetensors");
        SafeTensors.Save(again, loaded);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }

    [Fact]
    public void MetadataRoundTripsInOrder()
    {
        var metadata = new OrderedDictionary<string, string>
        {
            ["format"] = "pt",
            ["zeta"] = "line1\nline2\t\"q\" \\",
            ["unicode"] = "héllo wörld ✓ 😀",
            ["empty"] = "",
            ["<html>&"] = "+'",
        };
        string path = _dir.File("meta.safetensors");
        SafeTensors.Save(path, ReferenceState(), metadata);
        SafeTensorsFile file = SafeTensors.LoadFile(path);
        Assert.Equal(metadata.ToArray(), file.Metadata.ToArray());
        Assert.Equal(["bias", "weight"], file.Tensors.Keys);
        Assert.Equal(0UL, (8 + BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path))) % 8);
    }

    [Fact]
    public void DataStartsAtAMultipleOfEight()
    {
        for (int nameLength = 1; nameLength <= 16; nameLength++)
        {
            string path = _dir.File($"pad{nameLength}.safetensors");
            SafeTensors.Save(path, new Dictionary<string, Tensor> { [new string('n', nameLength)] = Tensor.FromArray([1f, 2f], 2) });
            byte[] bytes = File.ReadAllBytes(path);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0UL, headerLength % 8);
            Assert.Equal(8 + (long)headerLength + 8, bytes.Length);
            Assert.Equal([1f, 2f], SafeTensors.Load(path)[new string('n', nameLength)].ToArray());
        }
    }

    [Fact]
    public void ReaderAcceptsExtraTrailingSpacesAndUnknownFields()
    {
        string json = "{\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"note\":[1,{\"x\":2}]},\"__metadata__\":null}";
        byte[] header = Encoding.UTF8.GetBytes(json + new string(' ', 13));
        string path = _dir.File("spaces.safetensors");
        File.WriteAllBytes(path, SafeTensorsBytes.File(header, SafeTensorsBytes.Floats(Bias)));
        SafeTensorsFile file = SafeTensors.LoadFile(path);
        Assert.Equal(Bias, file.Tensors["bias"].ToArray());
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void ConvertsF64F16AndBF16ToFloat32()
    {
        double[] doubles = [1.5, -2.25, 1e-3, double.PositiveInfinity];
        Half[] halves = [(Half)1f, (Half)(-2f), (Half)0.5f];
        ushort[] bf16 = [0x3F80, 0xC000, 0x4049]; // 1, -2, 3.140625
        var data = new List<byte>();
        data.AddRange(MemoryMarshal.AsBytes(doubles.AsSpan()).ToArray());
        data.AddRange(MemoryMarshal.AsBytes(halves.AsSpan()).ToArray());
        data.AddRange(MemoryMarshal.AsBytes(bf16.AsSpan()).ToArray());
        data.AddRange(SafeTensorsBytes.Floats(9f));
        string json =
            "{\"d\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]}," +
            "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[32,38]}," +
            "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[38,44]}," +
            "\"f\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[44,48]}}";
        string path = _dir.File("mixed.safetensors");
        File.WriteAllBytes(path, SafeTensorsBytes.File(SafeTensorsBytes.PaddedHeader(json), data.ToArray()));
        var tensors = SafeTensors.Load(path);
        Assert.Equal(["d", "h", "b", "f"], tensors.Keys);
        Assert.Equal([2, 2], tensors["d"].Shape);
        Assert.Equal([1.5f, -2.25f, (float)1e-3, float.PositiveInfinity], tensors["d"].ToArray());
        Assert.Equal([1f, -2f, 0.5f], tensors["h"].ToArray());
        Assert.Equal([1f, -2f, 3.140625f], tensors["b"].ToArray());
        Assert.Equal(9f, tensors["f"].Item());
    }

    [Fact]
    public void LargeTensorRoundTrips()
    {
        const int n = 4 * 1024 * 1024;
        var big = Tensor.Uniform(11, -3f, 3f, 1024, 4096);
        var state = new OrderedDictionary<string, Tensor> { ["big"] = big, ["tail"] = Tensor.FromArray([1f, 2f, 3f], 3) };
        string path = _dir.File("big.safetensors");
        SafeTensors.Save(path, state);
        Assert.True(new FileInfo(path).Length > n * 4L);
        var loaded = SafeTensors.Load(path);
        AssertBitwiseEqual(big, loaded["big"]);
        AssertBitwiseEqual(state["tail"], loaded["tail"]);
    }

    [Fact]
    public void SaveReplacesAnExistingFile()
    {
        string path = _dir.File("m.safetensors");
        File.WriteAllText(path, "old contents");
        SafeTensors.Save(path, ReferenceState());
        Assert.Equal(["bias", "weight"], SafeTensors.Load(path).Keys);
        Assert.Equal(["m.safetensors"], _dir.FileNames());
    }

    [Fact]
    public void FailureMidwayLeavesTheOldFileIntact()
    {
        string path = _dir.File("m.safetensors");
        SafeTensors.Save(path, ReferenceState());
        byte[] before = File.ReadAllBytes(path);

        var bigger = new OrderedDictionary<string, Tensor>
        {
            ["first"] = Tensor.Uniform(1, 0f, 1f, 1000),
            ["second"] = Tensor.Uniform(2, 0f, 1f, 1000),
        };
        int written = 0;
        var e = Assert.Throws<InvalidOperationException>(() => SafeTensors.SaveCore(path, bigger, null, name =>
        {
            written++;
            throw new InvalidOperationException($"disk on fire after {name}");
        }));
        Assert.Equal("disk on fire after first", e.Message);
        Assert.Equal(1, written);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], _dir.FileNames());
    }

    [Fact]
    public void EnumerationFailureLeavesTheOldFileIntact()
    {
        string path = _dir.File("m.safetensors");
        SafeTensors.Save(path, ReferenceState());
        byte[] before = File.ReadAllBytes(path);

        var state = new ThrowingStateDictionary(
            [new("a", Tensor.Ones(3)), new("b", Tensor.Ones(4)), new("c", Tensor.Ones(5))], goodEntries: 2);
        var e = Assert.Throws<InvalidOperationException>(() => SafeTensors.Save(path, state));
        Assert.Equal("enumeration failed on purpose", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], _dir.FileNames());
    }

    [Fact]
    public void SaveRejectsBadNamesAndValuesWithoutTouchingTheFile()
    {
        string path = _dir.File("m.safetensors");
        SafeTensors.Save(path, ReferenceState());
        byte[] before = File.ReadAllBytes(path);

        var empty = Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { [""] = Tensor.Ones(1) }));
        Assert.Contains("non-empty", empty.Message, StringComparison.Ordinal);
        var reserved = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Ones(1) }));
        Assert.Contains("reserved", reserved.Message, StringComparison.Ordinal);
        var nullTensor = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = null! }));
        Assert.Contains("tensor 'w' is null", nullTensor.Message, StringComparison.Ordinal);
        var surrogate = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["bad\uD800"] = Tensor.Ones(1) }));
        Assert.Contains("unpaired surrogate", surrogate.Message, StringComparison.Ordinal);
        var nullValue = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(path, ReferenceState(), new Dictionary<string, string> { ["k"] = null! }));
        Assert.Contains("metadata key 'k'", nullValue.Message, StringComparison.Ordinal);
        var duplicate = Assert.Throws<ArgumentException>(() => SafeTensors.Save(path,
            new ThrowingStateDictionary([new("a", Tensor.Ones(1)), new("a", Tensor.Ones(1))], goodEntries: 2)));
        Assert.Contains("more than once", duplicate.Message, StringComparison.Ordinal);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], _dir.FileNames());
    }

    [Fact]
    public void SaveIntoAMissingDirectoryFailsWithoutLeavingFiles()
    {
        string path = Path.Combine(_dir.Path, "no-such-dir", "m.safetensors");
        Assert.ThrowsAny<IOException>(() => SafeTensors.Save(path, ReferenceState()));
        Assert.Empty(_dir.FileNames());
    }
}
