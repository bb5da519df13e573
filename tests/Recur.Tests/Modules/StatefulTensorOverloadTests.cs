using Recur.Modules;
using Xunit;

namespace Recur.Tests.Modules;

/// <summary>A stateful recurrent layer carries its state through the tensor overloads too (PyTorch-style models).</summary>
public sealed class StatefulTensorOverloadTests
{
    [Fact]
    public void TwoChunksThroughTheTensorOverloadEqualOneCall()
    {
        var lstm = new Lstm(2, 4, numLayers: 2, bidirectional: false, seed: 5);
        Tensor x = Tensor.Uniform(6, -1f, 1f, 7, 3, 2);
        RnnOutput whole = lstm.Forward(x);
        lstm.Stateful = true;
        RnnOutput a = lstm.Forward(x.Slice(0, 0, 4));
        RnnOutput b = lstm.Forward(x.Slice(0, 4, 3));
        Assert.Equal(whole.Output.Slice(0, 4, 3).ToArray(), b.Output.ToArray());
        Assert.Equal(whole.HiddenState.ToArray(), b.HiddenState.ToArray());
        Assert.Equal(whole.CellState!.ToArray(), b.CellState!.ToArray());
        Assert.Equal(whole.Output.Slice(0, 0, 4).ToArray(), a.Output.ToArray());

        // Explicit initial states win over the carried ones; a new batch size needs ResetState first.
        Assert.Equal(whole.Output.Slice(0, 0, 4).ToArray(), lstm.Forward(x.Slice(0, 0, 4), Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 3, 4)).Output.ToArray());
        var e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(2, 5, 2)));
        Assert.Contains("ResetState", e.Message, StringComparison.Ordinal);
        lstm.ResetState();
        Assert.Equal([2, 5, 4], lstm.Forward(Tensor.Zeros(2, 5, 2)).Output.Shape);
    }

    [Fact]
    public void GruCarriesItsStateAndStatelessCallsDoNot()
    {
        var gru = new Gru(2, 3, seed: 8);
        Tensor x = Tensor.Uniform(9, -1f, 1f, 6, 2, 2);
        float[] whole = gru.Forward(x).Output.ToArray();
        float[] firstHalf = gru.Forward(x.Slice(0, 3, 3)).Output.ToArray(); // not stateful: starts from zeros
        gru.Stateful = true;
        gru.Forward(x.Slice(0, 0, 3));
        float[] secondHalf = gru.Forward(x.Slice(0, 3, 3)).Output.ToArray();
        Assert.Equal(whole.AsSpan(6 * 3 / 2 * 2).ToArray(), secondHalf);
        Assert.NotEqual(firstHalf, secondHalf);
    }
}
