using System.Text.Json.Nodes;
using Recur.Autograd;
using Recur.Layers;
using Xunit;

namespace Recur.Tests.Layers;

/// <summary>Shared checks for layers: registry round trip, padding invariance, element comparisons.</summary>
internal static class LayerTestHelpers
{
    /// <summary>A (B, T, F) batch of uniform values in [−1, 1).</summary>
    public static Tensor Batch(ulong seed, int batch, int steps, int features) => Tensor.Uniform(seed, -1f, 1f, batch, steps, features);

    /// <summary>Runs the layer without recording a graph (in evaluation mode when <paramref name="eval"/>).</summary>
    public static SequenceBatch Run(Layer layer, Tensor data, int[]? lengths = null)
    {
        using NoGradScope _ = GradMode.NoGrad();
        return layer.Forward(new SequenceBatch(data, lengths));
    }

    /// <summary>
    /// Rebuilds <paramref name="layer"/> from its config, loads its state dict and checks that the config is the same
    /// and the outputs are identical on <paramref name="data"/>. Returns the copy.
    /// </summary>
    public static Layer AssertRoundTrip(Layer layer, Tensor data, int[]? lengths = null)
    {
        LayerConfig config = layer.GetConfig();
        Layer copy = LayerRegistry.Create(config);
        Assert.Equal(layer.GetType(), copy.GetType());
        AssertSameConfig(config, copy.GetConfig());
        Assert.Equal(layer.NamedParameters().Select(p => p.Name), copy.NamedParameters().Select(p => p.Name));
        copy.LoadStateDict(layer.StateDict());
        if (!layer.IsTraining)
        {
            copy.Eval();
        }

        SequenceBatch a = Run(layer, data, lengths);
        SequenceBatch b = Run(copy, data, lengths);
        Assert.Equal(a.Data.Shape, b.Data.Shape);
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
        Assert.Equal(a.Lengths, b.Lengths);
        return copy;
    }

    /// <summary>Configs equal as JSON (type, arguments, children).</summary>
    public static void AssertSameConfig(LayerConfig expected, LayerConfig actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        Assert.True(JsonNode.DeepEquals(expected.Arguments, actual.Arguments),
            $"{expected.Type}: arguments differ: {expected.Arguments.ToJsonString()} vs {actual.Arguments.ToJsonString()}");
        Assert.Equal(expected.Children.Count, actual.Children.Count);
        for (int i = 0; i < expected.Children.Count; i++)
        {
            AssertSameConfig(expected.Children[i], actual.Children[i]);
        }
    }

    /// <summary>The config survives a trip through JSON text (as in a model file) and rebuilds the same arguments.</summary>
    public static LayerConfig ThroughJson(LayerConfig config)
    {
        var args = (JsonObject)JsonNode.Parse(config.Arguments.ToJsonString())!;
        return new LayerConfig(config.Type, args, [.. config.Children.Select(ThroughJson)]);
    }

    /// <summary>
    /// Checks that changing the padded steps of <paramref name="data"/> changes no valid output: for sequence outputs
    /// the steps t &lt; lengths[b] must be identical (and, when <paramref name="paddedZero"/>, the padded outputs zero);
    /// vector outputs must be identical.
    /// </summary>
    public static void AssertPaddingInvariant(Layer layer, Tensor data, int[] lengths, bool paddedZero)
    {
        Tensor noisy = data.Clone();
        int batch = data.Size(0);
        int steps = data.Size(1);
        int inner = data.Length / (batch * steps);
        Span<float> v = noisy.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            for (int i = lengths[b] * inner; i < steps * inner; i++)
            {
                v[(b * steps * inner) + i] = 1000f + i;
            }
        }

        SequenceBatch a = Run(layer, data, lengths);
        SequenceBatch n = Run(layer, noisy, lengths);
        Assert.Equal(a.Data.Shape, n.Data.Shape);
        if (!a.HasTime)
        {
            Assert.Equal(a.Data.ToArray(), n.Data.ToArray());
            return;
        }

        int outInner = a.Data.Length / (batch * steps);
        float[] x = a.Data.ToArray();
        float[] y = n.Data.ToArray();
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < steps * outInner; i++)
            {
                int k = (b * steps * outInner) + i;
                if (i < lengths[b] * outInner)
                {
                    Assert.True(x[k] == y[k], $"valid output [{b}, {i / outInner}] changed with the padding: {x[k]} vs {y[k]}");
                }
                else if (paddedZero)
                {
                    Assert.True(x[k] == 0f && y[k] == 0f, $"padded output [{b}, {i / outInner}] is not zero: {x[k]}, {y[k]}");
                }
            }
        }
    }

    /// <summary>Element-wise |a − b| ≤ tol.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tol, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tol, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    /// <summary>Copies every parameter of <paramref name="source"/> named <c>from(name)</c> into <paramref name="target"/>'s <c>name</c>.</summary>
    public static void CopyParameters(Recur.Modules.Module source, Recur.Modules.Module target, Func<string, string> from)
    {
        var src = source.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        foreach ((string name, Tensor p) in target.NamedParameters())
        {
            Tensor s = src[from(name)];
            Assert.Equal(s.Shape, p.Shape);
            s.AsReadOnlySpan().CopyTo(p.AsSpan());
        }
    }
}
