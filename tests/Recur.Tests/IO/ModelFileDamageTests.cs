using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Recur.IO;
using Recur.Models;
using Xunit;

namespace Recur.Tests.IO;

/// <summary>Every kind of damaged or unloadable model file throws one ModelFileException naming the file and the problem.</summary>
public sealed class ModelFileDamageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly TinyModel _model = new(3, 4, 2, seed: 5);
    private readonly byte[] _good;
    private readonly byte[] _json;
    private readonly byte[] _payload;

    public ModelFileDamageTests()
    {
        TinyModels.Register();
        _path = _dir.File("damaged.recur");
        _model.Metadata.Metrics["loss"] = 0.5;
        _model.Save(_path);
        _good = File.ReadAllBytes(_path);
        (_json, _payload) = ModelFileBytes.Split(_good);
    }

    public void Dispose() => _dir.Dispose();

    private ModelFileException LoadFails(byte[] bytes, params string[] fragments)
    {
        File.WriteAllBytes(_path, bytes);
        return Fails(_path, fragments);
    }

    private static ModelFileException Fails(string path, params string[] fragments)
    {
        var e = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith($"model file '{path}': ", e.Message);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, e.Message);
        }

        return e;
    }

    private JsonObject Json() => JsonNode.Parse(_json)!.AsObject();

    private ModelFileException JsonFails(JsonObject json, params string[] fragments)
        => LoadFails(ModelFileBytes.Compose(Encoding.UTF8.GetBytes(json.ToJsonString()), _payload), fragments);

    [Fact]
    public void TheUndamagedFileLoads() => Assert.IsType<TinyModel>(Model.Load(_path));

    [Fact]
    public void MissingFile()
    {
        var e = Fails(_dir.File("nope.recur"), "file not found");
        Assert.IsType<FileNotFoundException>(e.InnerException);
        Fails(Path.Combine(_dir.Path, "no-such-dir", "m.recur"), "file not found", "directory");
    }

    [Fact]
    public void EmptyFile() => LoadFails([], "the file is empty (0 bytes)");

    [Theory]
    [InlineData("magic number", 5)]
    [InlineData("format version", 10)]
    [InlineData("JSON section length", 15)]
    public void TruncatedInThePrefix(string section, int length)
        => LoadFails(_good[..length], $"truncated in the {section}", $"ends at {length} bytes");

    [Fact]
    public void TruncatedInEachLaterSection()
    {
        int j = _json.Length;
        int s = _payload.Length;
        LoadFails(_good[..(20 + (j / 2))], "truncated in the JSON section", $"needs {j} bytes from offset 20");
        LoadFails(_good[..(20 + j + 3)], "truncated in the weights section length");
        LoadFails(_good[..(28 + j + (s / 2))], "truncated in the weights section", $"needs {s} bytes");
        LoadFails(_good[..^2], "truncated in the checksum");
    }

    [Fact]
    public void TrailingBytes() => LoadFails([.. _good, 0, 0, 0], "3 unexpected bytes follow the checksum");

    [Fact]
    public void WrongMagic()
    {
        byte[] bytes = (byte[])_good.Clone();
        bytes[3] = (byte)'X';
        LoadFails(bytes, "wrong magic number", "5245435852", "not a Recur model file");
    }

    [Fact]
    public void PlainSafeTensorsFileGetsAHint()
    {
        SafeTensors.Save(_path, _model.StateDict());
        Fails(_path, "wrong magic number", "plain safetensors file");
    }

    [Fact]
    public void NewerMajorVersionIsRefused()
        => LoadFails(ModelFileBytes.Compose(_json, _payload, major: 2, minor: 3), "format version 2.3 is newer", "update Recur");

    [Fact]
    public void MajorVersionZeroIsInvalid()
        => LoadFails(ModelFileBytes.Compose(_json, _payload, major: 0, minor: 9), "format version 0.9 is not valid");

    [Fact]
    public void ChecksumMismatch()
    {
        byte[] bytes = (byte[])_good.Clone();
        bytes[^10] ^= 0x40; // inside the last tensor's data
        LoadFails(bytes, "checksum mismatch", "corrupt");
    }

    [Fact]
    public void HugeJsonLength()
    {
        byte[] bytes = (byte[])_good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(12), ulong.MaxValue);
        LoadFails(bytes, "JSON section length is 18446744073709551615 bytes", "limit");
    }

    [Fact]
    public void HugeWeightsLength()
    {
        byte[] bytes = (byte[])_good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(20 + _json.Length), ulong.MaxValue);
        LoadFails(bytes, "truncated in the weights section");
    }

    [Fact]
    public void BadJson()
    {
        var e = LoadFails(ModelFileBytes.Compose("{\"architecture\": [1, 2", _payload), "not valid JSON");
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(e.InnerException);
        LoadFails(ModelFileBytes.Compose("[]", _payload), "the JSON section is an array, expected an object");
        LoadFails(ModelFileBytes.Compose("{\"a\": 1, \"a\": 2}", _payload), "not valid JSON"); // duplicate keys
        LoadFails(ModelFileBytes.Compose([0x7B, 0xFF, 0x7D], _payload), "not valid JSON", "UTF-8"); // not UTF-8
        JsonObject json = Json();
        json["metadata"]!["classNames"] = new JsonArray("ok");
        string text = json.ToJsonString().Replace("\"ok\"", "\"\\uD800\"", StringComparison.Ordinal); // an escaped lone surrogate
        LoadFails(ModelFileBytes.Compose(Encoding.UTF8.GetBytes(text), _payload), "not valid JSON");
    }

    [Theory]
    [InlineData("architecture")]
    [InlineData("metadata")]
    public void JsonMissingASection(string section)
    {
        JsonObject json = Json();
        json.Remove(section);
        JsonFails(json, $"the JSON section has no \"{section}\"", "missing");
    }

    [Theory]
    [InlineData("type")]
    [InlineData("arguments")]
    [InlineData("children")]
    public void LayerMissingAKey(string key)
    {
        JsonObject json = Json();
        json["architecture"]!.AsObject().Remove(key);
        JsonFails(json, $"architecture has no \"{key}\"");
    }

    [Theory]
    [InlineData("classNames")]
    [InlineData("trainingOptions")]
    [InlineData("metrics")]
    [InlineData("history")]
    [InlineData("extra")]
    public void MetadataMissingAKey(string key)
    {
        JsonObject json = Json();
        json["metadata"]!.AsObject().Remove(key);
        JsonFails(json, $"metadata has no \"{key}\"");
    }

    [Fact]
    public void WrongJsonKinds()
    {
        JsonObject json = Json();
        json["architecture"]!["type"] = 5;
        JsonFails(json, "architecture.type is a number, expected a string");

        json = Json();
        json["metadata"]!["metrics"]!["loss"] = "fast";
        JsonFails(json, "metadata.metrics['loss'] is the string \"fast\"");

        json = Json();
        json["metadata"]!["classNames"] = new JsonArray("a", 3);
        JsonFails(json, "metadata.classNames[1] is a number, expected a string");

        json = Json();
        json["metadata"]!["history"] = new JsonObject { ["loss"] = new JsonArray(1.0, true) };
        JsonFails(json, "metadata.history['loss'][1] is a boolean");

        LoadFails(ModelFileBytes.Compose(Encoding.UTF8.GetBytes(
            Encoding.UTF8.GetString(_json).Replace("\"loss\": 0.5", "\"loss\": 1e999", StringComparison.Ordinal)), _payload),
            "metadata.metrics['loss'] (1e999) is out of the range");
    }

    [Fact]
    public void UnknownLayerTypeListsTheKnownOnes()
    {
        JsonObject json = Json();
        json["architecture"]!["type"] = "Test.NoSuchLayer";
        var e = JsonFails(json, "unknown layer type", "'Test.NoSuchLayer' at architecture", "known types", TinyModels.ModelType, "LayerRegistry.Register");
        Assert.IsType<KeyNotFoundException>(e.InnerException);
    }

    [Fact]
    public void UnknownNestedLayerTypeNamesItsPlace()
    {
        var stack = new TinyStack([new TinyDense(3, 3), new TinyDense(3, 2)]);
        stack.Save(_path);
        var (json, payload) = ModelFileBytes.Split(File.ReadAllBytes(_path));
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        root["architecture"]!["children"]![1]!["type"] = "Test.Missing";
        LoadFails(ModelFileBytes.Compose(Encoding.UTF8.GetBytes(root.ToJsonString()), payload),
            "'Test.Missing' at architecture.children[1]", "known types");
    }

    [Fact]
    public void BadLayerArguments()
    {
        JsonObject json = Json();
        json["architecture"]!["arguments"]!["hiddenSize"] = -4;
        var e = JsonFails(json, "bad layer arguments", TinyModels.ModelType, "hiddenSize");
        Assert.IsAssignableFrom<ArgumentException>(e.InnerException);

        json = Json();
        json["architecture"]!["arguments"]!.AsObject().Remove("inputSize");
        JsonFails(json, "bad layer arguments");

        json = Json();
        json["architecture"]!["arguments"]!["inputSize"] = "three";
        JsonFails(json, "bad layer arguments");
    }

    [Fact]
    public void RootLayerThatIsNotAModel()
    {
        JsonObject json = Json();
        json["architecture"] = new JsonObject
        {
            ["type"] = TinyModels.DenseType,
            ["arguments"] = new JsonObject { ["inFeatures"] = 2, ["outFeatures"] = 2 },
            ["children"] = new JsonArray(),
        };
        JsonFails(json, "not a model", TinyModels.DenseType);
    }

    private OrderedDictionary<string, Tensor> State() => new TinyModel(3, 4, 2, seed: 5).StateDict();

    [Fact]
    public void MissingWeight()
    {
        var state = State();
        state.Remove("head.bias");
        var e = LoadFails(ModelFileBytes.Compose(_json, ModelFileBytes.Payload(state)), "missing weights", "head.bias");
        Assert.IsType<Recur.Modules.StateDictException>(e.InnerException);
    }

    [Fact]
    public void UnexpectedWeight()
    {
        var state = State();
        state.Add("head.extra", Tensor.Zeros(2));
        LoadFails(ModelFileBytes.Compose(_json, ModelFileBytes.Payload(state)), "unexpected weights", "head.extra");
    }

    [Fact]
    public void MisShapedWeight()
    {
        var state = State();
        state["head.weight"] = Tensor.Zeros(4, 2);
        LoadFails(ModelFileBytes.Compose(_json, ModelFileBytes.Payload(state)), "mis-shaped weights", "head.weight", "(2, 4)", "(4, 2)");
    }

    [Fact]
    public void ArchitectureDisagreeingWithTheWeights()
    {
        JsonObject json = Json();
        json["architecture"]!["arguments"]!["hiddenSize"] = 5;
        JsonFails(json, "the weights do not fit the architecture", "mis-shaped weights", "lstm.weight_ih_l0");
    }

    [Fact]
    public void CorruptSafeTensorsSection()
    {
        byte[] payload = (byte[])_payload.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(payload, (ulong)payload.Length); // header length runs past the section
        var e = LoadFails(ModelFileBytes.Compose(_json, payload), "the weights section (safetensors", "is corrupt", "header length");
        Assert.IsType<SafeTensorsException>(e.InnerException);

        LoadFails(ModelFileBytes.Compose(_json, SafeTensorsBytes.File("{\"x\": {\"dtype\": \"I64\", \"shape\": [1], \"data_offsets\": [0, 8]}}", 8)),
            "the weights section", "unsupported dtype 'I64'");
        LoadFails(ModelFileBytes.Compose(_json, []), "the weights section", "empty");
    }
}
