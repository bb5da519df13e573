using System.Collections.Concurrent;

namespace Recur.Layers;

/// <summary>
/// Maps the type names of <see cref="LayerConfig"/> to factories, so that a model file's architecture can be rebuilt.
/// Built-in layers register themselves (see <see cref="RegisterBuiltIns"/>); user layers and subclassed models call
/// <see cref="Register"/> once before loading a file that contains them.
/// </summary>
public static class LayerRegistry
{
    private static readonly ConcurrentDictionary<string, Func<LayerConfig, Layer>> Factories = new(StringComparer.Ordinal);
    private static int _builtInsRegistered;

    /// <summary>Registers (or replaces) the factory of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty.</exception>
    public static void Register(string type, Func<LayerConfig, Layer> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(factory);
        Factories[type] = factory;
    }

    /// <summary>True when a factory is registered for <paramref name="type"/>.</summary>
    public static bool IsRegistered(string type)
    {
        EnsureBuiltIns();
        return Factories.ContainsKey(type);
    }

    /// <summary>Builds the layer described by <paramref name="config"/> (with fresh parameters; load weights afterwards).</summary>
    /// <exception cref="KeyNotFoundException">No factory is registered for the type (the message lists the known ones).</exception>
    /// <exception cref="ArgumentException">An argument is missing or invalid (from the factory).</exception>
    public static Layer Create(LayerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        EnsureBuiltIns();
        if (!Factories.TryGetValue(config.Type, out var factory))
        {
            var known = string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal));
            throw new KeyNotFoundException($"Unknown layer type '{config.Type}'; known types: {known}.");
        }

        return factory(config);
    }

    private static void EnsureBuiltIns()
    {
        if (Interlocked.Exchange(ref _builtInsRegistered, 1) == 0)
        {
            RegisterBuiltIns();
        }
    }

    /// <summary>Registers every built-in layer type. Each built-in layer adds its line here.</summary>
    private static void RegisterBuiltIns()
    {
        Register("Lstm", Modules.Lstm.FromConfig);
        Register("Gru", Modules.Gru.FromConfig);
        Register("Rnn", Modules.Rnn.FromConfig);
        Register("SequenceInput", SequenceInput.FromConfig);
        Register("Dense", Dense.FromConfig);
        Register("TimeDistributed", TimeDistributed.FromConfig);
        Register("Dropout", Dropout.FromConfig);
        Register("Flatten", static _ => new Flatten());
        Register("Softmax", static _ => new Softmax());
        Register("Bidirectional", Bidirectional.FromConfig);
        Register("Sequential", Models.Sequential.FromConfig);
        Register("EncoderDecoder", Models.EncoderDecoder.FromConfig);
        // Normalization, embedding, convolution, pooling and attention layers.
        Register("LayerNorm", LayerNorm.FromConfig);
        Register("Embedding", Embedding.FromConfig);
        Register("Conv1D", Conv1D.FromConfig);
        Register("MaxPool1D", MaxPool1D.FromConfig);
        Register("Attention", Attention.FromConfig);
    }
}
