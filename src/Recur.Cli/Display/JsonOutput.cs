using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Cli.Display;

/// <summary>The <c>--json</c> output: one JSON object on one line; NaN and infinities become null.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>A number node, or null for NaN and infinities (JSON has no NaN).</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>Writes <paramref name="value"/> as one line.</summary>
    public static void Write(TextWriter output, JsonObject value) => output.WriteLine(value.ToJsonString(Compact));
}
