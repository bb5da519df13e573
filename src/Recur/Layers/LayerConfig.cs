using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// The architecture of one layer as it is written to a model file: the registered type name (see
/// <see cref="LayerRegistry"/>), its constructor arguments as a JSON object, and the configs of wrapped or contained
/// layers (a <c>Bidirectional</c>'s layer, a <c>TimeDistributed</c>'s layer, a <c>Sequential</c>'s layers), in order.
/// </summary>
/// <param name="Type">The registered type name, e.g. "Dense", "Lstm".</param>
/// <param name="Arguments">Constructor arguments by name (camelCase, as in the C# constructor).</param>
/// <param name="Children">Contained layers in order; empty when none.</param>
public sealed record LayerConfig(string Type, JsonObject Arguments, IReadOnlyList<LayerConfig> Children)
{
    /// <summary>A config without children.</summary>
    public LayerConfig(string type, JsonObject arguments)
        : this(type, arguments, [])
    {
    }
}
