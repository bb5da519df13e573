using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// Reads the constructor arguments of a <see cref="LayerConfig"/> for the registry factories, with errors that name
/// the layer type, the argument, what was expected and what came. Optional arguments fall back to the constructor's
/// default when absent.
/// </summary>
internal static class LayerArguments
{
    /// <summary>A required integer argument.</summary>
    public static int Int(LayerConfig config, string name) => Read<int>(config, name, "an integer", TryInt);

    /// <summary>An optional integer argument.</summary>
    public static int Int(LayerConfig config, string name, int fallback) =>
        Has(config, name) ? Int(config, name) : fallback;

    /// <summary>An optional integer argument whose absence (or null) means null.</summary>
    public static int? Int(LayerConfig config, string name, int? fallback) =>
        Has(config, name) ? Int(config, name) : fallback;

    /// <summary>A required float argument.</summary>
    public static float Float(LayerConfig config, string name) => Read<float>(config, name, "a number", TryFloat);

    /// <summary>An optional float argument.</summary>
    public static float Float(LayerConfig config, string name, float fallback) =>
        Has(config, name) ? Read<float>(config, name, "a number", TryFloat) : fallback;

    /// <summary>An optional boolean argument.</summary>
    public static bool Bool(LayerConfig config, string name, bool fallback) =>
        Has(config, name) ? Read<bool>(config, name, "true or false", TryBool) : fallback;

    /// <summary>An optional unsigned 64-bit argument (seeds).</summary>
    public static ulong ULong(LayerConfig config, string name, ulong fallback) =>
        Has(config, name) ? Read<ulong>(config, name, "a non-negative integer", TryULong) : fallback;

    /// <summary>An optional enum argument written as its name (e.g. "Last").</summary>
    public static T Enum<T>(LayerConfig config, string name, T fallback)
        where T : struct, System.Enum =>
        Has(config, name)
            ? Read<T>(config, name, $"one of {string.Join(", ", System.Enum.GetNames<T>())}", TryEnum)
            : fallback;

    /// <summary>An optional enum argument written as its camelCase name (e.g. "scaledDotProduct"; any case is read).</summary>
    public static T CamelEnum<T>(LayerConfig config, string name, T fallback)
        where T : struct, System.Enum =>
        Has(config, name)
            ? Read<T>(config, name, $"one of {string.Join(", ", System.Enum.GetNames<T>().Select(CamelCase))}", TryEnumAnyCase)
            : fallback;

    /// <summary>The camelCase name an enum value is written as by <see cref="CamelEnum"/>'s layers.</summary>
    public static string EnumName<T>(T value)
        where T : struct, System.Enum => CamelCase(value.ToString());

    /// <summary>The only child config (wrappers).</summary>
    public static LayerConfig SingleChild(LayerConfig config)
    {
        if (config.Children.Count != 1)
        {
            throw new ArgumentException(
                $"{config.Type}: expected exactly 1 child layer config (the wrapped layer), got {config.Children.Count}.", nameof(config));
        }

        return config.Children[0];
    }

    /// <summary>A copy of <paramref name="config"/> where every "seed" argument (of the layer and of its children, recursively) is remixed.</summary>
    public static LayerConfig Reseed(LayerConfig config, ulong salt)
    {
        var arguments = (JsonObject)config.Arguments.DeepClone();
        if (arguments.ContainsKey("seed"))
        {
            arguments["seed"] = CounterRandom.Next(ULong(config, "seed", 0), salt);
        }

        return new LayerConfig(config.Type, arguments, [.. config.Children.Select(c => Reseed(c, salt))]);
    }

    private delegate bool Parser<T>(JsonValue value, out T result);

    private static bool Has(LayerConfig config, string name) =>
        config.Arguments.TryGetPropertyValue(name, out JsonNode? node) && node is not null;

    private static T Read<T>(LayerConfig config, string name, string expected, Parser<T> parse)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Arguments.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            throw new ArgumentException($"{config.Type}: the config lacks the argument '{name}' ({expected}).", nameof(config));
        }

        if (node is JsonValue value && parse(value, out T result))
        {
            return result;
        }

        throw new ArgumentException(
            $"{config.Type}: argument '{name}' must be {expected}; got {node.ToJsonString()}.", nameof(config));
    }

    private static bool TryBool(JsonValue value, out bool result) => value.TryGetValue(out result);

    private static bool TryEnum<T>(JsonValue value, out T result)
        where T : struct, System.Enum
    {
        result = default;
        return value.TryGetValue(out string? text) && System.Enum.GetNames<T>().Contains(text, StringComparer.Ordinal) &&
               System.Enum.TryParse(text, ignoreCase: false, out result);
    }

    private static bool TryEnumAnyCase<T>(JsonValue value, out T result)
        where T : struct, System.Enum
    {
        result = default;
        return value.TryGetValue(out string? text) && !int.TryParse(text, out _) &&
               System.Enum.TryParse(text, ignoreCase: true, out result) && System.Enum.IsDefined(result);
    }

    private static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static bool TryInt(JsonValue value, out int result)
    {
        if (value.TryGetValue(out result))
        {
            return true;
        }

        return value.GetValueKind() == JsonValueKind.Number &&
               int.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
    }

    private static bool TryULong(JsonValue value, out ulong result)
    {
        if (value.TryGetValue(out result))
        {
            return true;
        }

        return value.GetValueKind() == JsonValueKind.Number &&
               ulong.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
    }

    private static bool TryFloat(JsonValue value, out float result)
    {
        if (value.TryGetValue(out result))
        {
            return true;
        }

        return value.GetValueKind() == JsonValueKind.Number &&
               float.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }
}
