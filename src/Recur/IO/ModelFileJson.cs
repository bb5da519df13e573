using System.Buffers;
using System.Text.Unicode;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.Layers;
using Recur.Models;

namespace Recur.IO;

/// <summary>
/// The JSON section of a model file: <c>{"architecture": LayerConfig tree, "metadata": ModelMetadata}</c>
/// (see docs/model-format.md). Writing checks the inputs (<see cref="ArgumentException"/>); reading reports every
/// problem as a <see cref="ModelFileException"/> that names the JSON path.
/// </summary>
internal static class ModelFileJson
{
    /// <summary>Nesting accepted when reading (layers within layers, plus arguments).</summary>
    public const int MaxDepth = 256;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxDepth,
    };

    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowDuplicateProperties = false,
    };

    /// <summary>The UTF-8 JSON of <paramref name="architecture"/> and <paramref name="metadata"/>.</summary>
    /// <exception cref="ArgumentException">A layer config or the metadata holds something a model file cannot keep.</exception>
    public static byte[] Write(LayerConfig architecture, ModelMetadata metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("architecture");
            WriteLayer(writer, architecture, "architecture", 0);
            writer.WritePropertyName("metadata");
            WriteMetadata(writer, metadata);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteLayer(Utf8JsonWriter writer, LayerConfig? config, string where, int depth)
    {
        if (config is null)
        {
            throw new ArgumentException($"Save: the layer config at {where} is null.", "model");
        }

        if (string.IsNullOrWhiteSpace(config.Type))
        {
            throw new ArgumentException($"Save: the layer config at {where} has an empty type name.", "model");
        }

        if (config.Arguments is null)
        {
            throw new ArgumentException($"Save: the layer config at {where} ('{config.Type}') has null arguments.", "model");
        }

        if (depth > MaxDepth / 2)
        {
            throw new ArgumentException($"Save: layers are nested more than {MaxDepth / 2} deep (at {where}).", "model");
        }

        writer.WriteStartObject();
        writer.WriteString("type", config.Type);
        writer.WritePropertyName("arguments");
        WriteNode(writer, config.Arguments, $"{where}.arguments");
        writer.WriteStartArray("children");
        IReadOnlyList<LayerConfig> children = config.Children ?? [];
        for (int i = 0; i < children.Count; i++)
        {
            WriteLayer(writer, children[i], $"{where}.children[{i}]", depth + 1);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, ModelMetadata metadata)
    {
        writer.WriteStartObject();
        if (metadata.ClassNames is null)
        {
            writer.WriteNull("classNames");
        }
        else
        {
            writer.WriteStartArray("classNames");
            for (int i = 0; i < metadata.ClassNames.Count; i++)
            {
                string? name = metadata.ClassNames[i];
                if (name is null)
                {
                    throw new ArgumentException($"Save: Metadata.ClassNames[{i}] is null; every class needs a name.", "model");
                }

                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (metadata.TrainingOptions is null)
        {
            writer.WriteNull("trainingOptions");
        }
        else
        {
            writer.WritePropertyName("trainingOptions");
            WriteNode(writer, metadata.TrainingOptions, "metadata.trainingOptions");
        }

        writer.WriteStartObject("metrics");
        foreach (var (name, value) in metadata.Metrics)
        {
            writer.WritePropertyName(name);
            WriteDouble(writer, value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("history");
        foreach (var (name, values) in metadata.History)
        {
            if (values is null)
            {
                throw new ArgumentException($"Save: Metadata.History['{name}'] is null.", "model");
            }

            writer.WriteStartArray(name);
            foreach (double value in values)
            {
                WriteDouble(writer, value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WritePropertyName("extra");
        WriteNode(writer, metadata.Extra ?? [], "metadata.extra");
        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode node, string where)
    {
        try
        {
            node.WriteTo(writer);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException or NotSupportedException)
        {
            throw new ArgumentException($"Save: {where} cannot be written as JSON: {e.Message}", "model", e);
        }
    }

    /// <summary>Finite doubles as JSON numbers (shortest round-trip form); NaN and ±infinity as strings.</summary>
    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value))
        {
            writer.WriteStringValue("NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            writer.WriteStringValue("Infinity");
        }
        else if (double.IsNegativeInfinity(value))
        {
            writer.WriteStringValue("-Infinity");
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>Parses the JSON section into the architecture and fills <paramref name="metadata"/>.</summary>
    /// <exception cref="ModelFileException">The JSON is invalid or does not follow the schema.</exception>
    public static LayerConfig Read(string path, byte[] json, ModelMetadata metadata)
    {
        if (!Utf8.IsValid(json))
        {
            throw new ModelFileException(path, "the JSON section is not valid JSON: it is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ReaderOptions);
        }
        catch (JsonException e)
        {
            throw new ModelFileException(path, $"the JSON section is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                JsonElement root = document.RootElement;
                Expect(path, root, JsonValueKind.Object, "the JSON section");
                LayerConfig architecture = ReadLayer(path, Required(path, root, "architecture", "the JSON section"), "architecture");
                ReadMetadata(path, Required(path, root, "metadata", "the JSON section"), metadata);
                return architecture;
            }
            catch (Exception e) when (e is InvalidOperationException or JsonException)
            {
                // Text the parser accepted but cannot turn into strings (e.g. an escaped lone surrogate).
                throw new ModelFileException(path, $"the JSON section is not valid JSON: {e.Message}", e);
            }
        }
    }

    private static LayerConfig ReadLayer(string path, JsonElement element, string where)
    {
        Expect(path, element, JsonValueKind.Object, where);
        JsonElement type = Required(path, element, "type", where);
        Expect(path, type, JsonValueKind.String, $"{where}.type");
        string typeName = type.GetString()!;
        if (string.IsNullOrWhiteSpace(typeName))
        {
            throw new ModelFileException(path, $"{where}.type is an empty string, expected a layer type name");
        }

        JsonElement arguments = Required(path, element, "arguments", where);
        Expect(path, arguments, JsonValueKind.Object, $"{where}.arguments");
        JsonElement children = Required(path, element, "children", where);
        Expect(path, children, JsonValueKind.Array, $"{where}.children");
        var list = new List<LayerConfig>(children.GetArrayLength());
        int i = 0;
        foreach (JsonElement child in children.EnumerateArray())
        {
            list.Add(ReadLayer(path, child, $"{where}.children[{i++}]"));
        }

        return new LayerConfig(typeName, ToObject(arguments), list);
    }

    private static void ReadMetadata(string path, JsonElement element, ModelMetadata metadata)
    {
        const string where = "metadata";
        Expect(path, element, JsonValueKind.Object, where);

        JsonElement classNames = Required(path, element, "classNames", where);
        List<string>? names = null;
        if (classNames.ValueKind != JsonValueKind.Null)
        {
            Expect(path, classNames, JsonValueKind.Array, "metadata.classNames", "an array of strings or null");
            names = [];
            foreach (JsonElement name in classNames.EnumerateArray())
            {
                Expect(path, name, JsonValueKind.String, $"metadata.classNames[{names.Count}]");
                names.Add(name.GetString()!);
            }
        }

        JsonElement options = Required(path, element, "trainingOptions", where);
        JsonObject? trainingOptions = null;
        if (options.ValueKind != JsonValueKind.Null)
        {
            Expect(path, options, JsonValueKind.Object, "metadata.trainingOptions", "an object or null");
            trainingOptions = ToObject(options);
        }

        JsonElement metrics = Required(path, element, "metrics", where);
        Expect(path, metrics, JsonValueKind.Object, "metadata.metrics", "an object of numbers");
        var metricValues = new List<KeyValuePair<string, double>>();
        foreach (JsonProperty metric in metrics.EnumerateObject())
        {
            metricValues.Add(new(metric.Name, ReadDouble(path, metric.Value, $"metadata.metrics['{Shown(metric.Name)}']")));
        }

        JsonElement history = Required(path, element, "history", where);
        Expect(path, history, JsonValueKind.Object, "metadata.history", "an object of number arrays");
        var historyValues = new List<KeyValuePair<string, List<double>>>();
        foreach (JsonProperty series in history.EnumerateObject())
        {
            string at = $"metadata.history['{Shown(series.Name)}']";
            Expect(path, series.Value, JsonValueKind.Array, at, "an array of numbers");
            var values = new List<double>(series.Value.GetArrayLength());
            foreach (JsonElement value in series.Value.EnumerateArray())
            {
                values.Add(ReadDouble(path, value, $"{at}[{values.Count}]"));
            }

            historyValues.Add(new(series.Name, values));
        }

        JsonElement extra = Required(path, element, "extra", where);
        Expect(path, extra, JsonValueKind.Object, "metadata.extra");

        metadata.ClassNames = names;
        metadata.TrainingOptions = trainingOptions;
        metadata.Metrics.Clear();
        foreach (var (name, value) in metricValues)
        {
            metadata.Metrics[name] = value;
        }

        metadata.History.Clear();
        foreach (var (name, values) in historyValues)
        {
            metadata.History[name] = values;
        }

        metadata.Extra = ToObject(extra);
    }

    private static double ReadDouble(string path, JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetDouble(out double value) && double.IsFinite(value):
                return value;
            case JsonValueKind.Number:
                throw new ModelFileException(path, $"{where} ({Shown(element.GetRawText())}) is out of the range of a double");
            case JsonValueKind.String:
                return element.GetString()! switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    string other => throw new ModelFileException(path,
                        $"{where} is the string \"{Shown(other)}\", expected a number or one of \"NaN\", \"Infinity\", \"-Infinity\""),
                };
            default:
                throw new ModelFileException(path,
                    $"{where} is {Describe(element.ValueKind)}, expected a number or one of \"NaN\", \"Infinity\", \"-Infinity\"");
        }
    }

    private static JsonObject ToObject(JsonElement element) => JsonNode.Parse(element.GetRawText(), documentOptions: ReaderOptions)!.AsObject();

    private static JsonElement Required(string path, JsonElement parent, string name, string where)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
        {
            throw new ModelFileException(path, $"{where} has no \"{name}\" (the section is missing)");
        }

        return value;
    }

    private static void Expect(string path, JsonElement element, JsonValueKind kind, string where, string? expected = null)
    {
        if (element.ValueKind != kind)
        {
            throw new ModelFileException(path, $"{where} is {Describe(element.ValueKind)}, expected {expected ?? Describe(kind)}");
        }
    }

    private static string Shown(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 120), "...");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };
}
