using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Recur.Tests.Golden;

/// <summary>
/// One PyTorch reference case from <c>Golden/cases/*.json</c> (format in Golden/README.md). Float tensors keep
/// <c>data</c> parsed as float32 and <c>data64</c> as float64; int tensors (e.g. class targets, lengths) are kept
/// separately. Every size and hyper-parameter must be read from <see cref="Config"/> or the tensor shapes.
/// </summary>
public sealed class GoldenCase
{
    /// <summary>Float32 tolerance for forward values, losses and optimizer results.</summary>
    public const double ForwardRtol = 1e-5, ForwardAtol = 1e-6;

    /// <summary>Float32 tolerance for gradients.</summary>
    public const double GradRtol = 1e-4, GradAtol = 1e-5;

    private GoldenCase(string name, string kind, JsonElement config)
    {
        Name = name;
        Kind = kind;
        Config = config;
    }

    /// <summary>The folder holding the cases (copied next to the test assembly).</summary>
    public static string CasesDirectory => Path.Combine(AppContext.BaseDirectory, "Golden", "cases");

    /// <summary>The case name (the file name without .json).</summary>
    public string Name { get; }

    /// <summary>The case kind (e.g. "linear", "adam_step").</summary>
    public string Kind { get; }

    /// <summary>The raw config object.</summary>
    public JsonElement Config { get; }

    /// <summary>The <c>params</c> section.</summary>
    public Dictionary<string, GoldenTensor> Params { get; } = new(StringComparer.Ordinal);

    /// <summary>The float tensors of the <c>inputs</c> section.</summary>
    public Dictionary<string, GoldenTensor> Inputs { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>outputs</c> section.</summary>
    public Dictionary<string, GoldenTensor> Outputs { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>upstream</c> section.</summary>
    public Dictionary<string, GoldenTensor> Upstream { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>grads</c> section.</summary>
    public Dictionary<string, GoldenTensor> Grads { get; } = new(StringComparer.Ordinal);

    /// <summary>The int tensors of any section, by name (e.g. "target", "lengths").</summary>
    public Dictionary<string, int[]> Ints { get; } = new(StringComparer.Ordinal);

    /// <summary>The names of the cases whose kind is one of <paramref name="kinds"/>, as xunit MemberData rows.</summary>
    public static TheoryData<string> NamesOfKind(params string[] kinds)
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(CasesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (doc.RootElement.TryGetProperty("kind", out JsonElement k) && kinds.Contains(k.GetString(), StringComparer.Ordinal))
            {
                data.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        return data;
    }

    /// <summary>Loads case <paramref name="name"/> from <see cref="CasesDirectory"/>.</summary>
    public static GoldenCase Load(string name)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(CasesDirectory, name + ".json")));
        JsonElement root = doc.RootElement;
        var c = new GoldenCase(root.GetProperty("name").GetString()!, root.GetProperty("kind").GetString()!, root.GetProperty("config").Clone());
        c.ReadSection(root, "params", c.Params);
        c.ReadSection(root, "inputs", c.Inputs);
        c.ReadSection(root, "outputs", c.Outputs);
        c.ReadSection(root, "upstream", c.Upstream);
        c.ReadSection(root, "grads", c.Grads);
        return c;
    }

    /// <summary>True when the config has <paramref name="key"/> with a non-null value.</summary>
    public bool Has(string key) => Config.TryGetProperty(key, out JsonElement e) && e.ValueKind != JsonValueKind.Null;

    /// <summary>A number from the config (the strings "inf", "-inf", "nan" are accepted).</summary>
    public double Double(string key) => ParseDouble(Config.GetProperty(key));

    /// <summary>A number from the config, or <paramref name="fallback"/> when absent.</summary>
    public double Double(string key, double fallback) => Has(key) ? Double(key) : fallback;

    /// <summary>An integer from the config.</summary>
    public int Int(string key) => Config.GetProperty(key).GetInt32();

    /// <summary>A flag from the config, or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string key, bool fallback = false) => Has(key) ? Config.GetProperty(key).GetBoolean() : fallback;

    /// <summary>A string from the config, or null when absent.</summary>
    public string? String(string key) => Has(key) ? Config.GetProperty(key).GetString() : null;

    /// <summary>An array of numbers from the config.</summary>
    public double[] Doubles(string key) => [.. Config.GetProperty(key).EnumerateArray().Select(ParseDouble)];

    /// <summary>An array of strings from the config.</summary>
    public string[] Strings(string key) => [.. Config.GetProperty(key).EnumerateArray().Select(static e => e.GetString()!)];

    /// <summary>
    /// Asserts |got − ref| ≤ atol + rtol·|ref| element-wise, reporting the worst element. Returns the worst ratio
    /// |got − ref| / (atol + rtol·|ref|) (≤ 1 when passing).
    /// </summary>
    public static double AssertClose(ReadOnlySpan<float> got, double[] reference, double rtol, double atol, string what)
    {
        Assert.True(got.Length == reference.Length, $"{what}: got {got.Length} values, the reference has {reference.Length}");
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < got.Length; i++)
        {
            double diff = Math.Abs(got[i] - reference[i]);
            double ratio = diff / (atol + (rtol * Math.Abs(reference[i])));
            if (double.IsNaN(ratio))
            {
                ratio = double.PositiveInfinity;
            }

            if (ratio > worst || worstIndex < 0)
            {
                worst = ratio;
                worstIndex = i;
            }
        }

        if (worstIndex >= 0)
        {
            Assert.True(worst <= 1.0,
                $"{what}: element {worstIndex} is {got[worstIndex]:R}, reference {reference[worstIndex]:R} " +
                $"(|diff| {Math.Abs(got[worstIndex] - reference[worstIndex]):E3}, {worst:F2}× the tolerance rtol {rtol}, atol {atol})");
        }

        return worst;
    }

    /// <summary>Same as <see cref="AssertClose(ReadOnlySpan{float}, double[], double, double, string)"/> for a tensor, also checking the shape.</summary>
    public static double AssertClose(Tensor got, GoldenTensor reference, double rtol, double atol, string what)
    {
        Assert.True(got.Shape.SequenceEqual(reference.Shape),
            $"{what}: shape {Tensor.FormatShape(got.Shape)}, reference {Tensor.FormatShape(reference.Shape)}");
        return AssertClose(got.AsReadOnlySpan(), reference.Data64, rtol, atol, what);
    }

    private static double ParseDouble(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString()!.ToLowerInvariant() switch
        {
            "inf" or "infinity" or "+inf" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            "nan" => double.NaN,
            string s => double.Parse(s, CultureInfo.InvariantCulture),
        }
        : e.GetDouble();

    private static float ParseSingle(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? (float)ParseDouble(e)
        : float.Parse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private void ReadSection(JsonElement root, string section, Dictionary<string, GoldenTensor> into)
    {
        if (!root.TryGetProperty(section, out JsonElement s) || s.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty p in s.EnumerateObject())
        {
            JsonElement t = p.Value;
            int[] shape = [.. t.GetProperty("shape").EnumerateArray().Select(static d => d.GetInt32())];
            JsonElement data = t.GetProperty("data");
            if (t.TryGetProperty("dtype", out JsonElement dtype) && dtype.GetString() is { } dt && dt.StartsWith("int", StringComparison.Ordinal))
            {
                Ints[p.Name] = [.. data.EnumerateArray().Select(static d => checked((int)d.GetInt64()))];
                continue;
            }

            float[] f = [.. data.EnumerateArray().Select(ParseSingle)];
            double[] d64 = t.TryGetProperty("data64", out JsonElement d)
                ? [.. d.EnumerateArray().Select(ParseDouble)]
                : [.. f.Select(static v => (double)v)];
            into[p.Name] = new GoldenTensor(shape, f, d64);
        }
    }
}
