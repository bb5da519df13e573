using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// Reads constructor arguments from a <see cref="LayerConfig"/> for the registry factories, with errors that name the
/// layer type, the argument, what was expected and what came. Enumerations are written as camelCase names.
/// </summary>
internal static class LayerArgs
{
    /// <summary>A required integer argument.</summary>
    public static int Int(LayerConfig config, string name) =>
        Int(config, name, null) ?? throw Missing(config, name, "an integer");

    /// <summary>An optional integer argument (null or absent gives <paramref name="fallback"/>).</summary>
    public static int? Int(LayerConfig config, string name, int? fallback)
    {
        JsonNode? node = Node(config, name);
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue v && v.TryGetValue(out int i))
        {
            return i;
        }

        if (node is JsonValue d && d.TryGetValue(out double x) && x == Math.Floor(x) && x is >= int.MinValue and <= int.MaxValue)
        {
            return (int)x;
        }

        throw Wrong(config, name, "an integer", node);
    }

    /// <summary>An optional float argument.</summary>
    public static float Float(LayerConfig config, string name, float fallback)
    {
        JsonNode? node = Node(config, name);
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue v && v.TryGetValue(out double d))
        {
            return (float)d;
        }

        throw Wrong(config, name, "a number", node);
    }

    /// <summary>An optional Boolean argument.</summary>
    public static bool Bool(LayerConfig config, string name, bool fallback)
    {
        JsonNode? node = Node(config, name);
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue v && v.TryGetValue(out bool b))
        {
            return b;
        }

        throw Wrong(config, name, "true or false", node);
    }

    /// <summary>An optional unsigned 64-bit argument (seeds).</summary>
    public static ulong UInt64(LayerConfig config, string name, ulong fallback)
    {
        JsonNode? node = Node(config, name);
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue v)
        {
            if (v.TryGetValue(out ulong u))
            {
                return u;
            }

            if (v.TryGetValue(out string? s) && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out u))
            {
                return u;
            }

            if (v.TryGetValue(out double d) && d >= 0 && d == Math.Floor(d) && d < 18446744073709551615.0)
            {
                return (ulong)d;
            }
        }

        throw Wrong(config, name, "a non-negative integer", node);
    }

    /// <summary>An optional enumeration argument written as its (case-insensitive) name.</summary>
    public static TEnum Enum<TEnum>(LayerConfig config, string name, TEnum fallback)
        where TEnum : struct, System.Enum
    {
        JsonNode? node = Node(config, name);
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue v && v.TryGetValue(out string? s) && !int.TryParse(s, out _)
            && System.Enum.TryParse(s, ignoreCase: true, out TEnum value) && System.Enum.IsDefined(value))
        {
            return value;
        }

        string allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(EnumName));
        throw Wrong(config, name, $"one of {allowed}", node);
    }

    /// <summary>The camelCase name an enumeration value is written as.</summary>
    public static string EnumName<TEnum>(TEnum value)
        where TEnum : struct, System.Enum => EnumName(value.ToString());

    private static string EnumName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static JsonNode? Node(LayerConfig config, string name)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Arguments.TryGetPropertyValue(name, out JsonNode? node) ? node : null;
    }

    private static ArgumentException Missing(LayerConfig config, string name, string expected) =>
        new($"{config.Type}: the config argument '{name}' is required; expected {expected}, got nothing.", nameof(config));

    private static ArgumentException Wrong(LayerConfig config, string name, string expected, JsonNode node) =>
        new($"{config.Type}: the config argument '{name}' must be {expected}; got {node.ToJsonString()}.", nameof(config));
}
