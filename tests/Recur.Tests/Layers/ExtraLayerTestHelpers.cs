using System.Text.Json.Nodes;
using Recur.Layers;
using Xunit;

namespace Recur.Tests.Layers;

/// <summary>Shared checks for the LayerNorm, Embedding, Conv1D, MaxPool1D and Attention tests.</summary>
internal static class ExtraLayerTestHelpers
{
    /// <summary>
    /// Writes the layer's config to JSON text and back, rebuilds it with <see cref="LayerRegistry.Create"/>, loads the
    /// state dict and checks that the rebuilt layer gives bit-identical output. Returns the rebuilt layer.
    /// </summary>
    public static Layer AssertRoundTrip(Layer layer, SequenceBatch input)
    {
        LayerConfig config = layer.GetConfig();
        var json = JsonNode.Parse(config.Arguments.ToJsonString())!.AsObject();
        var parsed = new LayerConfig(config.Type, json);
        Layer rebuilt = LayerRegistry.Create(parsed);
        Assert.Equal(layer.GetType(), rebuilt.GetType());
        Assert.Equal(config.Arguments.ToJsonString(), rebuilt.GetConfig().Arguments.ToJsonString());
        rebuilt.LoadStateDict(layer.StateDict());
        SequenceBatch a = layer.Forward(input);
        SequenceBatch b = rebuilt.Forward(input);
        Assert.Equal(a.Data.Shape, b.Data.Shape);
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
        Assert.Equal(a.Lengths, b.Lengths);
        return rebuilt;
    }

    /// <summary>A copy of <paramref name="x"/> (B, T, …) whose padded steps (t ≥ lengths[b]) hold other values.</summary>
    public static Tensor WithPaddingChanged(Tensor x, int[] lengths, float value)
    {
        Tensor y = x.Clone();
        int batch = x.Shape[0];
        int time = x.Shape[1];
        int inner = x.Length / (batch * time);
        Span<float> s = y.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            for (int t = lengths[b]; t < time; t++)
            {
                for (int i = 0; i < inner; i++)
                {
                    s[((b * time) + t) * inner + i] = value + (0.37f * i) - (1.3f * t);
                }
            }
        }

        return y;
    }

    /// <summary>Sets <paramref name="t"/>'s values to uniform random values (in place).</summary>
    public static void Randomize(Tensor t, ulong seed, float low = -1f, float high = 1f) =>
        Tensor.Uniform(seed, low, high, t.Shape).AsReadOnlySpan().CopyTo(t.AsSpan());

    /// <summary>Asserts every element of <paramref name="actual"/> is within <paramref name="tolerance"/> of <paramref name="expected"/>.</summary>
    public static void AssertClose(double[] expected, float[] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
