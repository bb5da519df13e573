using System.Text.Json.Nodes;
using Recur.Layers;
using Recur.Models;
using Recur.Modules;

namespace Recur.Tests.IO;

/// <summary>
/// Small registered layers and models for the model-file tests (the built-in layers live elsewhere):
/// <see cref="TinyModel"/> (Lstm → Linear + a buffer), <see cref="TinyDense"/> (a plain layer, not a model) and
/// <see cref="TinyStack"/> (a model whose children come from its config, like a Sequential).
/// </summary>
internal static class TinyModels
{
    public const string ModelType = "Test.TinyModel";
    public const string DenseType = "Test.TinyDense";
    public const string StackType = "Test.TinyStack";

    /// <summary>Registers the three test types (idempotent; safe from parallel tests).</summary>
    public static void Register()
    {
        LayerRegistry.Register(ModelType, c => new TinyModel(
            c.Arguments["inputSize"]!.GetValue<int>(),
            c.Arguments["hiddenSize"]!.GetValue<int>(),
            c.Arguments["outputSize"]!.GetValue<int>(),
            seed: 999));
        LayerRegistry.Register(DenseType, c => new TinyDense(
            c.Arguments["inFeatures"]!.GetValue<int>(), c.Arguments["outFeatures"]!.GetValue<int>(), seed: 999));
        LayerRegistry.Register(StackType, c => new TinyStack([.. c.Children.Select(LayerRegistry.Create)]));
    }

    /// <summary>Every weight and buffer of <paramref name="module"/> as raw bits, by name.</summary>
    public static Dictionary<string, (int[] Shape, int[] Bits)> Bits(Module module) =>
        module.StateDict().ToDictionary(
            kv => kv.Key,
            kv => (kv.Value.Shape, kv.Value.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray()));

    /// <summary>Raw bits of a tensor's values.</summary>
    public static int[] Bits(Tensor t) => t.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}

/// <summary>(B, T, I) → Lstm(I, H, batch-first) → Linear(H, O) + offset buffer (O) → (B, T, O).</summary>
internal sealed class TinyModel : Model
{
    public TinyModel(int inputSize, int hiddenSize, int outputSize, ulong seed = 1)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        OutputSize = outputSize;
        Lstm = RegisterModule("lstm", new Lstm(inputSize, hiddenSize, batchFirst: true, seed: seed));
        Head = RegisterModule("head", new Linear(hiddenSize, outputSize, seed: seed + 1));
        Offset = RegisterBuffer("offset", Tensor.Normal(seed + 2, 0f, 1f, outputSize));
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int OutputSize { get; }

    public Lstm Lstm { get; }

    public Linear Head { get; }

    public Tensor Offset { get; }

    public override SequenceBatch Forward(SequenceBatch input)
    {
        RnnOutput r = Lstm.Forward(input.Data, lengths: input.Lengths);
        return new SequenceBatch(Head.Forward(r.Output) + Offset, input.Lengths);
    }

    public override int[] OutputShape(int[] inputShape) => [inputShape[0], OutputSize];

    public override LayerConfig GetConfig() => new(TinyModels.ModelType, new JsonObject
    {
        ["inputSize"] = InputSize,
        ["hiddenSize"] = HiddenSize,
        ["outputSize"] = OutputSize,
    });
}

/// <summary>A plain layer (not a model): Linear over the last axis.</summary>
internal sealed class TinyDense : Layer
{
    private readonly Linear _linear;

    public TinyDense(int inFeatures, int outFeatures, ulong seed = 1)
    {
        _linear = RegisterModule("linear", new Linear(inFeatures, outFeatures, seed: seed));
    }

    public override SequenceBatch Forward(SequenceBatch input) => input with { Data = _linear.Forward(input.Data) };

    public override int[] OutputShape(int[] inputShape) => [.. inputShape[..^1], _linear.OutFeatures];

    public override LayerConfig GetConfig() => new(TinyModels.DenseType, new JsonObject
    {
        ["inFeatures"] = _linear.InFeatures,
        ["outFeatures"] = _linear.OutFeatures,
    });
}

/// <summary>A model applying its child layers in order; its config lists them as children.</summary>
internal sealed class TinyStack : Model
{
    private readonly Layer[] _layers;

    public TinyStack(Layer[] layers)
    {
        _layers = layers;
        for (int i = 0; i < layers.Length; i++)
        {
            RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]);
        }
    }

    public override SequenceBatch Forward(SequenceBatch input) => _layers.Aggregate(input, (x, layer) => layer.Forward(x));

    public override int[] OutputShape(int[] inputShape) => _layers.Aggregate(inputShape, (s, layer) => layer.OutputShape(s));

    public override LayerConfig GetConfig() => new(TinyModels.StackType, [], [.. _layers.Select(l => l.GetConfig())]);
}
