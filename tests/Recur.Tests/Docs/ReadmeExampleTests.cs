using Recur.IO;
using Recur.Losses;
using Recur.Modules;
using Recur.Optim;
using Xunit;

namespace Recur.Tests.Docs;

/// <summary>The README's quick-start code, kept compiling and working.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void RecurrentLayerExampleHasTheDocumentedShapes()
    {
        var lstm = new Lstm(inputSize: 8, hiddenSize: 64, numLayers: 2, bidirectional: true);
        Tensor seq = Tensor.Normal(seed: 1, mean: 0f, std: 1f, 100, 32, 8);
        int[] lengths = Enumerable.Range(0, 32).Select(b => 100 - 3 * b).ToArray();
        RnnOutput r = lstm.Forward(seq, lengths: lengths);
        Assert.Equal([100, 32, 128], r.Output.Shape);
        Assert.Equal([4, 32, 64], r.HiddenState.Shape);
        Assert.Equal([4, 32, 64], r.CellState!.Shape);
        Assert.Equal(0f, r.Output[99, 31, 5]); // past the last sequence's length
    }

    [Fact]
    public void QuickStartTrainsAndRoundTripsThroughSafeTensors()
    {
        var model = new Linear(inFeatures: 4, outFeatures: 2, seed: 1);
        var opt = new Adam(model.Parameters(), lr: 1e-2f);

        Tensor x = Tensor.Normal(seed: 7, mean: 0f, std: 1f, 32, 4);
        Tensor y = Tensor.Normal(seed: 8, mean: 0f, std: 1f, 32, 2);
        float first = 0f, last = 0f;
        for (int step = 0; step < 100; step++)
        {
            opt.ZeroGrad();
            Tensor loss = new MseLoss().Forward(model.Forward(x), y);
            loss.Backward();
            opt.Step();
            if (step == 0)
            {
                first = loss.Item();
            }

            last = loss.Item();
        }

        Assert.True(last < first, $"loss did not decrease: {first} -> {last}");

        string dir = Path.Combine(Path.GetTempPath(), "recur-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "m.safetensors");
            SafeTensors.Save(path, model.StateDict());
            var copy = new Linear(4, 2, seed: 99);
            copy.LoadStateDict(SafeTensors.Load(path));
            Assert.Equal(model.Weight.ToArray(), copy.Weight.ToArray());
            Assert.Equal(model.Bias!.ToArray(), copy.Bias!.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
