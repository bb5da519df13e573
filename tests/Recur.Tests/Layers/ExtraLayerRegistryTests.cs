using System.Text.Json.Nodes;
using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;

namespace Recur.Tests.Layers;

/// <summary>Registry entries of LayerNorm, Embedding, Conv1D, MaxPool1D and Attention, and the layers chained.</summary>
public sealed class ExtraLayerRegistryTests
{
    [Theory]
    [InlineData("LayerNorm")]
    [InlineData("Embedding")]
    [InlineData("Conv1D")]
    [InlineData("MaxPool1D")]
    [InlineData("Attention")]
    public void TypesAreRegistered(string type) => Assert.True(LayerRegistry.IsRegistered(type));

    [Fact]
    public void ConfigsUseCamelCaseArgumentsAndOptionalOnesMayBeLeftOut()
    {
        var conv = (Conv1D)LayerRegistry.Create(new LayerConfig("Conv1D", new JsonObject
        {
            ["inChannels"] = 2, ["outChannels"] = 4, ["kernelSize"] = 3, ["padding"] = "causal",
        }));
        Assert.Equal(Padding.Causal, conv.Padding);
        Assert.Equal(1, conv.Stride);
        Assert.NotNull(conv.Bias);
        Assert.Equal(
            ["inChannels", "outChannels", "kernelSize", "stride", "padding", "dilation", "bias", "seed"],
            conv.GetConfig().Arguments.Select(static kv => kv.Key));
        var att = (Attention)LayerRegistry.Create(new LayerConfig("Attention", new JsonObject { ["features"] = 5 }));
        Assert.Equal(AttentionKind.Additive, att.Kind);
        Assert.Equal(5, att.AttentionSize);
    }

    [Fact]
    public void BadConfigsNameTheArgument()
    {
        var missing = Assert.Throws<ArgumentException>(() => LayerRegistry.Create(new LayerConfig("LayerNorm", new JsonObject())));
        Assert.Contains("'features'", missing.Message);
        Assert.Contains("LayerNorm", missing.Message);
        var wrongType = Assert.Throws<ArgumentException>(() => LayerRegistry.Create(
            new LayerConfig("Embedding", new JsonObject { ["numEmbeddings"] = "ten", ["embeddingDim"] = 2 })));
        Assert.Contains("'numEmbeddings'", wrongType.Message);
        Assert.Contains("\"ten\"", wrongType.Message);
        var badEnum = Assert.Throws<ArgumentException>(() => LayerRegistry.Create(
            new LayerConfig("Attention", new JsonObject { ["features"] = 2, ["kind"] = "multiplicative" })));
        Assert.Contains("'kind'", badEnum.Message);
        Assert.Contains("additive, scaledDotProduct", badEnum.Message);
        var badValue = Assert.Throws<ArgumentOutOfRangeException>(() => LayerRegistry.Create(
            new LayerConfig("MaxPool1D", new JsonObject { ["poolSize"] = 0 })));
        Assert.Equal("poolSize", badValue.ParamName);
    }

    [Fact]
    public void EmbeddingConvPoolNormAttentionChainCarriesLengthsAndGradients()
    {
        var emb = new Embedding(8, 4, paddingIndex: 0, seed: 1);
        var conv = new Conv1D(4, 5, 3, padding: Padding.Same, seed: 2);
        var pool = new MaxPool1D(2);
        var norm = new LayerNorm(5);
        var att = new Attention(5, AttentionKind.Additive, attentionSize: 3, seed: 3);
        Tensor ids = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 1f, 3f, 5f, 2f, 0f, 0f, 0f, 0f, 0f], 2, 8);
        int[] lengths = [8, 3];

        Tensor Run(SequenceBatch input, out int[]? pooledLengths, bool withPool = true)
        {
            SequenceBatch s = conv.Forward(emb.Forward(input));
            s = withPool ? pool.Forward(s) : s;
            pooledLengths = s.Lengths;
            return att.Forward(norm.Forward(s)).Data;
        }

        Tensor y = Run(new SequenceBatch(ids, lengths), out int[]? pooled);
        Assert.Equal([4, 1], pooled!);
        Assert.Equal([2, 5], y.Shape);
        Assert.Equal([1f, 0f, 0f, 0f], att.LastWeights!.ToArray()[4..]);

        Tensor junk = ids.Clone();
        junk.AsSpan()[12] = 123.5f;
        Assert.Equal(y.ToArray(), Run(new SequenceBatch(junk, lengths), out _).ToArray());

        // Max pooling is not differentiable where two window values are within ε; its gradient is checked on
        // separated values in MaxPool1DTests, so the chain is checked without it.
        GradCheck.Check(
            p => Run(new SequenceBatch(ids, lengths), out _, withPool: false),
            [emb.Weight, conv.Weight, conv.Bias!, norm.Weight!, norm.Bias!, att.Weight!, att.Bias!, att.V!],
            eps: 1e-3f, rtol: 3e-2, atol: 3e-3);
    }
}
