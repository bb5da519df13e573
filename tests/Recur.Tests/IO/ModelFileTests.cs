using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Xunit;

namespace Recur.Tests.IO;

/// <summary>Model.Save / Model.Load: bit-exact round trips and the documented byte layout.</summary>
public sealed class ModelFileTests
{
    public ModelFileTests() => TinyModels.Register();

    internal static TinyModel TrainedLookingModel(ulong seed = 7)
    {
        var model = new TinyModel(3, 4, 2, seed);
        model.Metadata.ClassNames = ["rain", "dry", "ünïcödé \"quoted\" 雨"];
        model.Metadata.TrainingOptions = new JsonObject
        {
            ["maxEpochs"] = 30,
            ["miniBatchSize"] = 27,
            ["optimizer"] = new JsonObject { ["name"] = "adam", ["learningRate"] = 0.001 },
            ["shuffle"] = "every-epoch",
        };
        model.Metadata.Metrics["loss"] = 0.123456789012345678;
        model.Metadata.Metrics["accuracy"] = 0.1 + 0.2;
        model.Metadata.Metrics["negativeZero"] = -0.0;
        model.Metadata.Metrics["nan"] = double.NaN;
        model.Metadata.Metrics["inf"] = double.PositiveInfinity;
        model.Metadata.Metrics["-inf"] = double.NegativeInfinity;
        model.Metadata.Metrics["tiny"] = double.Epsilon;
        model.Metadata.Metrics["huge"] = double.MaxValue;
        model.Metadata.History["loss"] = [1.5, 0.75, 1.0 / 3.0, double.NaN];
        model.Metadata.History["val_loss"] = [];
        model.Metadata.Extra = new JsonObject { ["task"] = "classify", ["columns"] = new JsonArray("a", "b") };
        return model;
    }

    private static Tensor Input() => Tensor.Normal(seed: 3, mean: 0f, std: 1f, 2, 5, 3);

    [Fact]
    public void RoundTripIsBitExactForWeightsBuffersMetadataAndOutputs()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.recur");
        TinyModel model = TrainedLookingModel();
        model.Save(path);

        Model loaded = Model.Load(path);

        TinyModel copy = Assert.IsType<TinyModel>(loaded);
        Assert.False(copy.IsTraining);
        var expected = TinyModels.Bits(model);
        var actual = TinyModels.Bits(copy);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Contains("offset", actual.Keys); // the buffer travels too
        foreach (var (name, (shape, bits)) in expected)
        {
            Assert.Equal(shape, actual[name].Shape);
            Assert.Equal(bits, actual[name].Bits);
        }

        AssertSameMetadata(model.Metadata, copy.Metadata);
        Assert.Equal(model.GetConfig().Type, copy.GetConfig().Type);
        Assert.True(JsonNode.DeepEquals(model.GetConfig().Arguments, copy.GetConfig().Arguments));

        model.Eval();
        int[] lengths = [5, 3];
        Assert.Equal(TinyModels.Bits(model.Forward(Input(), lengths)), TinyModels.Bits(copy.Forward(Input(), lengths)));
    }

    [Fact]
    public void RoundTripKeepsSpecialFloatBitsInWeights()
    {
        using var dir = new TempDirectory();
        string path = dir.File("special.recur");
        var model = new TinyModel(2, 3, 2);
        Span<float> w = model.Head.Weight.AsSpan();
        w[0] = float.NaN;
        w[1] = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC12345)); // a NaN with a payload
        w[2] = -0f;
        w[3] = float.Epsilon;
        w[4] = float.NegativeInfinity;
        w[5] = float.MaxValue;
        model.Save(path);

        Model copy = Model.Load(path);

        Assert.Equal(TinyModels.Bits(model.Head.Weight), TinyModels.Bits(((TinyModel)copy).Head.Weight));
    }

    [Fact]
    public void LoadedWeightsComeFromTheFileNotFromTheFactory()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.recur");
        var model = new TinyModel(3, 4, 2, seed: 1);
        model.Save(path);

        var fresh = new TinyModel(3, 4, 2, seed: 999); // what the registered factory builds
        Assert.NotEqual(TinyModels.Bits(fresh.Head.Weight), TinyModels.Bits(model.Head.Weight));
        Assert.Equal(TinyModels.Bits(model.Head.Weight), TinyModels.Bits(((TinyModel)Model.Load(path)).Head.Weight));
    }

    [Fact]
    public void NestedArchitectureRoundTrips()
    {
        using var dir = new TempDirectory();
        string path = dir.File("stack.recur");
        var model = new TinyStack([new TinyModel(3, 4, 5, seed: 11), new TinyDense(5, 2, seed: 12)]);
        model.Save(path);

        TinyStack copy = Assert.IsType<TinyStack>(Model.Load(path));

        LayerConfig config = copy.GetConfig();
        Assert.Equal([TinyModels.ModelType, TinyModels.DenseType], config.Children.Select(c => c.Type));
        Assert.Equal(TinyModels.Bits(model).Keys, TinyModels.Bits(copy).Keys);
        model.Eval();
        Assert.Equal(TinyModels.Bits(model.Forward(Input())), TinyModels.Bits(copy.Forward(Input())));
    }

    [Fact]
    public void UntrainedMetadataRoundTripsAsNullsAndEmpties()
    {
        using var dir = new TempDirectory();
        string path = dir.File("fresh.recur");
        new TinyModel(1, 2, 1).Save(path);

        Model copy = Model.Load(path);

        Assert.Null(copy.Metadata.ClassNames);
        Assert.Null(copy.Metadata.TrainingOptions);
        Assert.Empty(copy.Metadata.Metrics);
        Assert.Empty(copy.Metadata.History);
        Assert.Empty(copy.Metadata.Extra);
    }

    [Fact]
    public void SaveReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.recur");
        new TinyModel(3, 4, 2, seed: 1).Save(path);
        var second = new TinyModel(3, 4, 2, seed: 2);
        second.Save(path);

        Assert.Equal(["m.recur"], dir.FileNames());
        Assert.Equal(TinyModels.Bits(second.Head.Weight), TinyModels.Bits(((TinyModel)Model.Load(path)).Head.Weight));
    }

    [Fact]
    public void FileFollowsTheDocumentedLayout()
    {
        using var dir = new TempDirectory();
        string path = dir.File("layout.recur");
        TinyModel model = TrainedLookingModel();
        model.Save(path);
        byte[] file = File.ReadAllBytes(path);

        Assert.Equal("RECURMDL"u8.ToArray(), file[..8]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(10)));
        ulong j = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(12));
        ulong s = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(20 + (int)j));
        Assert.Equal((long)(28 + j + s + 4), file.LongLength);
        Assert.Equal(ModelFileBytes.BitwiseCrc32C(file.AsSpan(0, file.Length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4)));

        var (json, payload) = ModelFileBytes.Split(file);
        JsonObject root = JsonNode.Parse(Encoding.UTF8.GetString(json))!.AsObject();
        Assert.Equal(TinyModels.ModelType, (string?)root["architecture"]!["type"]);
        Assert.Equal(4, (int)root["architecture"]!["arguments"]!["hiddenSize"]!);
        Assert.Empty(root["architecture"]!["children"]!.AsArray());
        Assert.Equal("rain", (string?)root["metadata"]!["classNames"]![0]);
        Assert.Equal("NaN", (string?)root["metadata"]!["metrics"]!["nan"]);
        Assert.Equal(30, (int)root["metadata"]!["trainingOptions"]!["maxEpochs"]!);
        Assert.Equal("classify", (string?)root["metadata"]!["extra"]!["task"]);

        // The weights section is a complete safetensors file in its own right.
        string extracted = dir.File("weights.safetensors");
        File.WriteAllBytes(extracted, payload);
        var tensors = SafeTensors.Load(extracted);
        Assert.Equal(model.StateDict().Keys, tensors.Keys);
        Assert.Equal(TinyModels.Bits(model.Lstm.StateDict()["weight_ih_l0"]), TinyModels.Bits(tensors["lstm.weight_ih_l0"]));
    }

    [Fact]
    public void NewerMinorVersionIsRead()
    {
        using var dir = new TempDirectory();
        string path = dir.File("minor.recur");
        var model = new TinyModel(3, 4, 2);
        model.Save(path);
        var (json, payload) = ModelFileBytes.Split(File.ReadAllBytes(path));
        File.WriteAllBytes(path, ModelFileBytes.Compose(json, payload, major: 1, minor: 7));

        Assert.Equal(TinyModels.Bits(model.Head.Weight), TinyModels.Bits(((TinyModel)Model.Load(path)).Head.Weight));
    }

    [Fact]
    public void UnknownJsonKeysAreIgnored()
    {
        using var dir = new TempDirectory();
        string path = dir.File("extra-keys.recur");
        var model = new TinyModel(3, 4, 2);
        model.Save(path);
        var (json, payload) = ModelFileBytes.Split(File.ReadAllBytes(path));
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        root["addedInOneDotOne"] = "ignored";
        root["metadata"]!["alsoNew"] = 1;
        File.WriteAllBytes(path, ModelFileBytes.Compose(Encoding.UTF8.GetBytes(root.ToJsonString()), payload));

        Assert.IsType<TinyModel>(Model.Load(path));
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        var model = new TinyModel(1, 1, 1);
        Assert.Equal("path", Assert.ThrowsAny<ArgumentException>(() => model.Save("")).ParamName);
        Assert.Equal("path", Assert.ThrowsAny<ArgumentException>(() => model.Save(null!)).ParamName);
        Assert.Equal("path", Assert.ThrowsAny<ArgumentException>(() => Model.Load(" ")).ParamName);
    }

    [Fact]
    public void NullClassNameIsRefusedBeforeAnyFileIsWritten()
    {
        using var dir = new TempDirectory();
        var model = new TinyModel(1, 1, 1);
        model.Metadata.ClassNames = ["a", null!];
        var e = Assert.Throws<ArgumentException>(() => model.Save(dir.File("m.recur")));
        Assert.Contains("ClassNames[1]", e.Message);
        Assert.Empty(dir.FileNames());
    }

    internal static void AssertSameMetadata(ModelMetadata expected, ModelMetadata actual)
    {
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.True(JsonNode.DeepEquals(expected.TrainingOptions, actual.TrainingOptions));
        Assert.True(JsonNode.DeepEquals(expected.Extra, actual.Extra));
        Assert.Equal(expected.Metrics.Keys.Order(StringComparer.Ordinal), actual.Metrics.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in expected.Metrics)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(actual.Metrics[name]));
        }

        Assert.Equal(expected.History.Keys.Order(StringComparer.Ordinal), actual.History.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, values) in expected.History)
        {
            Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), actual.History[name].Select(BitConverter.DoubleToInt64Bits));
        }
    }
}
