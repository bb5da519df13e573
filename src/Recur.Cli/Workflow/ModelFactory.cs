using Recur.Layers;
using Recur.Models;
using Recur.Modules;

namespace Recur.Cli.Workflow;

/// <summary>
/// Builds the networks of <c>recur train</c>: SequenceInput(F) → recurrent layers (LSTM or GRU, optionally
/// bidirectional, stacked with dropout between them) → the last state, or attention pooling over every step →
/// optional dropout → Dense(O). The output is O regression values (forecasting) or O class logits (classification).
/// </summary>
internal static class ModelFactory
{
    /// <summary>The model kinds of <c>--model</c>.</summary>
    public static readonly string[] Kinds = ["lstm", "bilstm", "gru", "bigru"];

    /// <summary>Builds the model; every random initialisation is derived from <paramref name="seed"/>.</summary>
    /// <param name="options">The architecture options.</param>
    /// <param name="features">F, the input features per step.</param>
    /// <param name="outputs">O, the outputs.</param>
    /// <param name="seed">The seed of the initial weights.</param>
    /// <returns>A (B, T, F) → (B, O) model.</returns>
    public static Sequential Build(ModelOptions options, int features, int outputs, ulong seed)
    {
        bool bidirectional = options.Kind.StartsWith("bi", StringComparison.Ordinal);
        bool gru = options.Kind.EndsWith("gru", StringComparison.Ordinal);
        float dropout = (float)options.Dropout;
        RecurrentLayerBase recurrent = gru
            ? new Gru(features, options.Hidden, options.Layers, batchFirst: true, dropout: options.Layers > 1 ? dropout : 0, bidirectional: bidirectional, seed: seed + 1)
            : new Lstm(features, options.Hidden, options.Layers, batchFirst: true, dropout: options.Layers > 1 ? dropout : 0, bidirectional: bidirectional, seed: seed + 1);
        recurrent.OutputMode = options.Attention ? OutputMode.Sequence : OutputMode.Last;
        int width = (bidirectional ? 2 : 1) * options.Hidden;
        var model = new Sequential(new SequenceInput(features), recurrent);
        if (options.Attention)
        {
            model.Add(new Attention(width, seed: seed + 2));
        }

        if (dropout > 0)
        {
            model.Add(new Dropout(dropout, seed + 3));
        }

        model.Add(new Dense(width, outputs, seed: seed + 4));
        return model;
    }

    /// <summary>The number of trainable values of <paramref name="model"/>.</summary>
    public static long ParameterCount(Model model) => model.Parameters().Sum(p => (long)p.Length);
}
