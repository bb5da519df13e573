using Recur.Autograd;
using Recur.IO;
using Recur.Kernels;
using Recur.Modules;
using Recur.Tests.Autograd;
using Recur.Tests.IO;
using Xunit;
using static Recur.Tests.Modules.GruRnnTestHelpers;

namespace Recur.Tests.Modules;

/// <summary>
/// Structural properties of the GRU and simple-RNN layers: bidirectional = forward ⊕ reversed backward layer,
/// no initial state = zeros, lengths all T = no lengths, stacked = chained single layers, a packed batch = each
/// sequence alone, one autograd node per layer, nothing recorded under no-grad, thread-count independence.
/// </summary>
public sealed class GruRnnPropertyTests
{
    private const int T = 5, B = 3, I = 4, H = 6;

    public static TheoryData<string> AllKinds => Kinds;

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void BidirectionalEqualsForwardAndReversedBackwardLayers(string kind)
    {
        foreach (int[]? lengths in new[] { null, new[] { 3, 5, 1 } })
        {
            RecurrentLayerBase bi = Create(kind, I, H, bidirectional: true, seed: 3);
            RecurrentLayerBase fwd = Create(kind, I, H, seed: 4);
            RecurrentLayerBase rev = Create(kind, I, H, seed: 5);
            foreach ((string name, _) in fwd.NamedParameters())
            {
                CopyParameter(bi, name, fwd, name);
                CopyParameter(bi, name + "_reverse", rev, name);
            }

            Tensor x = Tensor.Uniform(6, -1f, 1f, T, B, I);
            Tensor h0 = Tensor.Uniform(7, -1f, 1f, 2, B, H);
            RnnOutput both = Run(bi, x, h0, lengths);
            RnnOutput f = Run(fwd, x, h0.Slice(0, 0, 1), lengths);
            Tensor xr = Tensor.FromArray(ReverseValid(x.AsReadOnlySpan(), T, B, I, lengths), T, B, I);
            RnnOutput r = Run(rev, xr, h0.Slice(0, 1, 1), lengths);

            float[] y = both.Output.ToArray();
            Near(f.Output.ToArray(), Columns(y, 2 * H, 0, H), 1e-6f, $"{kind} forward half");
            Near(ReverseValid(r.Output.AsReadOnlySpan(), T, B, H, lengths), Columns(y, 2 * H, H, H), 1e-6f, $"{kind} reverse half");
            Near([.. f.HiddenState.ToArray(), .. r.HiddenState.ToArray()], both.HiddenState.ToArray(), 1e-6f, $"{kind} h_n");
        }
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void NoInitialStateEqualsZeros(string kind)
    {
        RecurrentLayerBase layer = Create(kind, I, H, layers: 2, bidirectional: true);
        Tensor x = Tensor.Uniform(8, -1f, 1f, T, B, I);
        x.RequiresGrad = true;
        RnnOutput a = Run(layer, x);
        (a.Output.Sum() + a.HiddenState.Sum()).Backward();
        float[] gx = x.Grad!.ToArray();
        float[][] gp = [.. layer.Parameters().Select(static p => p.Grad!.ToArray())];
        layer.ZeroGrad();
        x.ZeroGrad();

        Tensor h0 = Tensor.Zeros(4, B, H);
        h0.RequiresGrad = true;
        RnnOutput b = Run(layer, x, h0);
        (b.Output.Sum() + b.HiddenState.Sum()).Backward();
        Assert.Equal(a.Output.ToArray(), b.Output.ToArray());
        Assert.Equal(a.HiddenState.ToArray(), b.HiddenState.ToArray());
        Assert.Equal(gx, x.Grad!.ToArray());
        Assert.Equal(gp, layer.Parameters().Select(static p => p.Grad!.ToArray()));
        Assert.NotNull(h0.Grad);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void AllLengthsEqualToTEqualsNoLengths(string kind)
    {
        // The driver drops all-T lengths, so compare at the layer-op level, where the masked path really runs.
        (float[] Y, float[] HN, float[][] Grads) RunOp(int[] lengths)
        {
            Tensor x = Tensor.Uniform(9, -1f, 1f, T, B, I);
            Tensor h0 = Tensor.Uniform(10, -1f, 1f, 2, B, H);
            x.RequiresGrad = true;
            h0.RequiresGrad = true;
            RecurrentLayerBase layer = Create(kind, I, H, bidirectional: true);
            Tensor[] w = [.. layer.Parameters()];
            RnnLayerResult r = kind.StartsWith("gru", StringComparison.Ordinal)
                ? GruLayerOp.Forward(x, h0, w, true, 2, lengths, kind == "gru", cell: false)
                : RnnLayerOp.Forward(x, h0, w, true, 2, lengths, kind == "rnn_relu", cell: false);
            (r.Output.Sum() + (r.FinalState! * 2f).Sum()).Backward();
            return (r.Output.ToArray(), r.FinalState!.ToArray(), [x.Grad!.ToArray(), h0.Grad!.ToArray(), .. w.Select(static p => p.Grad!.ToArray())]);
        }

        var none = RunOp([]);
        var full = RunOp([T, T, T]);
        Assert.Equal(none.Y, full.Y);
        Assert.Equal(none.HN, full.HN);
        Assert.Equal(none.Grads, full.Grads);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void StackedEqualsChainedSingleLayers(string kind)
    {
        RecurrentLayerBase stacked = Create(kind, I, H, layers: 2, bidirectional: true, seed: 11);
        RecurrentLayerBase first = Create(kind, I, H, bidirectional: true, seed: 12);
        RecurrentLayerBase second = Create(kind, 2 * H, H, bidirectional: true, seed: 13);
        foreach ((string name, _) in first.NamedParameters())
        {
            CopyParameter(stacked, name, first, name);
            CopyParameter(stacked, name.Replace("_l0", "_l1", StringComparison.Ordinal), second, name);
        }

        Tensor x = Tensor.Uniform(14, -1f, 1f, T, B, I);
        Tensor h0 = Tensor.Uniform(15, -1f, 1f, 4, B, H);
        int[] lengths = [2, 5, 4];
        RnnOutput s = Run(stacked, x, h0, lengths);
        RnnOutput a = Run(first, x, h0.Slice(0, 0, 2), lengths);
        RnnOutput b = Run(second, a.Output, h0.Slice(0, 2, 2), lengths);
        Assert.Equal(b.Output.ToArray(), s.Output.ToArray());
        Assert.Equal([.. a.HiddenState.ToArray(), .. b.HiddenState.ToArray()], s.HiddenState.ToArray());
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void PackedBatchEqualsEachSequenceAloneWithZeroPaddedGradients(string kind)
    {
        foreach (int[] lengths in new[] { new[] { 3, 5, 1 }, [2, 1, 3] })
        {
            CheckPackedBatch(kind, lengths);
        }
    }

    private static void CheckPackedBatch(string kind, int[] lengths)
    {
        RecurrentLayerBase layer = Create(kind, I, H, layers: 2, bidirectional: true, batchFirst: true, seed: 21);
        Tensor x = Tensor.Uniform(22, -1f, 1f, B, T, I);
        x.RequiresGrad = true;
        Tensor h0 = Tensor.Uniform(23, -1f, 1f, 4, B, H);
        RnnOutput packed = Run(layer, x, h0, lengths);
        Tensor dy = Tensor.Uniform(24, -1f, 1f, B, T, 2 * H);
        (packed.Output * dy).Sum().Backward();

        float[] y = packed.Output.ToArray();
        float[] hn = packed.HiddenState.ToArray();
        float[] gx = x.Grad!.ToArray();
        for (int b = 0; b < B; b++)
        {
            int len = lengths[b];
            Tensor xb = Tensor.FromArray(x.AsReadOnlySpan().Slice(b * T * I, len * I).ToArray(), 1, len, I);
            Tensor h0b = h0.IndexSelect(1, [b]);
            RnnOutput alone;
            using (GradMode.NoGrad())
            {
                alone = Run(layer, xb, h0b);
            }

            Near(alone.Output.ToArray(), y.AsSpan(b * T * 2 * H, len * 2 * H), 1e-6f, $"{kind} y of sequence {b}");
            Assert.All(y.AsSpan((b * T * 2 * H) + (len * 2 * H), (T - len) * 2 * H).ToArray(), static v => Assert.Equal(0f, v));
            Assert.All(gx.AsSpan((b * T * I) + (len * I), (T - len) * I).ToArray(), static v => Assert.Equal(0f, v));
            for (int k = 0; k < 4; k++)
            {
                Near(alone.HiddenState.AsReadOnlySpan().Slice(k * H, H), hn.AsSpan(((k * B) + b) * H, H), 1e-6f, $"{kind} h_n[{k}] of sequence {b}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void OneNodePerLayerAndNothingRecordedUnderNoGrad(string kind)
    {
        RecurrentLayerBase layer = Create(kind, I, H, bidirectional: true);
        Tensor x = Tensor.Uniform(30, -1f, 1f, T, B, I);
        RnnOutput r = Run(layer, x);
        Assert.NotNull(r.Output.GradFn);
        Assert.Same(r.Output.GradFn, r.HiddenState.GradFn);
        Assert.Equal(kind.StartsWith("gru", StringComparison.Ordinal) ? "GruLayer" : "RnnLayer", r.Output.GradFn!.Name);
        using (GradMode.NoGrad())
        {
            RnnOutput n = Run(layer, x);
            Assert.Null(n.Output.GradFn);
            Assert.False(n.HiddenState.RequiresGrad);
            Assert.Equal(r.Output.ToArray(), n.Output.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void ResultsDoNotDependOnTheThreadCount(string kind)
    {
        // Bidirectional with small steps: the directions run concurrently. Bidirectional with 32 rows of H = 96 (GRU
        // 1.8 MFLOP per step): concurrent forward, each backward step split by rows or its GEMM over the cores. One
        // direction with 16 rows of H = 48: each step is split by rows over two cores. All must give the one-thread
        // results bit for bit.
        (float[], float[], float[]) RunWith(int threads, bool bidirectional, int batch, int hidden)
        {
            int saved = Parallelism.MaxThreads;
            Parallelism.MaxThreads = threads;
            try
            {
                RecurrentLayerBase layer = Create(kind, 8, hidden, bidirectional: bidirectional);
                Tensor x = Tensor.Uniform(31, -1f, 1f, 8, batch, 8);
                x.RequiresGrad = true;
                int[] lengths = [.. Enumerable.Range(0, batch).Select(static b => 1 + ((b * 5) % 8))];
                RnnOutput r = Run(layer, x, null, lengths);
                (r.Output * Tensor.Uniform(32, -1f, 1f, r.Output.Shape)).Sum().Backward();
                return ([.. layer.Parameters().SelectMany(static p => p.Grad!.ToArray())], x.Grad!.ToArray(), r.Output.ToArray());
            }
            finally
            {
                Parallelism.MaxThreads = saved;
            }
        }

        foreach ((bool bidirectional, int batch, int hidden) in new[] { (true, 4, 32), (true, 32, 96), (false, 16, 48) })
        {
            var one = RunWith(1, bidirectional, batch, hidden);
            var two = RunWith(2, bidirectional, batch, hidden);
            Assert.Equal(one.Item1, two.Item1);
            Assert.Equal(one.Item2, two.Item2);
            Assert.Equal(one.Item3, two.Item3);
        }
    }

    /// <summary>
    /// Steps whose product is in the range where the pass probes forked against serial GEMMs (B = 32: GRU H = 64,
    /// 0.79 Mflop; RNN H = 100, 0.64 Mflop) give the one-thread results bit for bit, with lengths, recorded and not.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllKinds))]
    public void ProbedStepsGiveTheSameResultsAsOneThread(string kind)
    {
        int hidden = kind.StartsWith("gru", StringComparison.Ordinal) ? 64 : 100;
        (float[] Y, float[] Grads, float[] NoGradY) RunWith(int threads) => Examples.ExampleWeights.WithThreads(threads, () =>
        {
            RecurrentLayerBase layer = Create(kind, 8, hidden, bidirectional: false, seed: 7);
            Tensor x = Tensor.Uniform(33, -1f, 1f, 40, 32, 8);
            int[] lengths = [.. Enumerable.Range(0, 32).Select(static b => 33 + (b % 8))];
            RnnOutput r = Run(layer, x, null, lengths);
            (r.Output * Tensor.Uniform(34, -1f, 1f, r.Output.Shape)).Sum().Backward();
            using NoGradScope scope = GradMode.NoGrad();
            float[] noGrad = Run(layer, x).Output.ToArray();
            return (r.Output.ToArray(), layer.Parameters().SelectMany(static p => p.Grad!.ToArray()).ToArray(), noGrad);
        });

        var one = RunWith(1);
        long probed = RnnStepRunner.ProbedPasses;
        var two = RunWith(2);
        Assert.True(RnnStepRunner.ProbedPasses >= probed + 2, "the two-thread passes did not probe");
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Grads, two.Grads);
        Assert.Equal(one.NoGradY, two.NoGradY);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void StateDictRoundTripsBitExactlyThroughSafeTensors(string kind)
    {
        RecurrentLayerBase source = Create(kind, I, H, layers: 2, bidirectional: true, seed: 90);
        RecurrentLayerBase target = Create(kind, I, H, layers: 2, bidirectional: true, seed: 91);
        using var dir = new TempDirectory();
        string path = dir.File("layer.safetensors");
        SafeTensors.Save(path, source.StateDict());
        target.LoadStateDict(SafeTensors.Load(path));
        string again = dir.File("again.safetensors");
        SafeTensors.Save(again, target.StateDict());
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
        Tensor x = Tensor.Uniform(92, -1f, 1f, T, B, I);
        Assert.Equal(Run(source, x).Output.ToArray(), Run(target, x).Output.ToArray());
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void InterLayerDropoutOnlyInTraining(string kind)
    {
        RecurrentLayerBase plain = Create(kind, I, H, layers: 2, seed: 93);
        RecurrentLayerBase dropped = kind.StartsWith("gru", StringComparison.Ordinal)
            ? new Gru(I, H, 2, dropout: 0.5f, resetAfter: kind == "gru", seed: 94)
            : new Rnn(I, H, 2, kind == "rnn_relu" ? Nonlinearity.Relu : Nonlinearity.Tanh, dropout: 0.5f, seed: 94);
        dropped.LoadStateDict(plain.StateDict());
        Tensor x = Tensor.Uniform(95, -1f, 1f, T, B, I);
        float[] reference = Run(plain, x).Output.ToArray();
        Assert.NotEqual(reference, Run(dropped, x).Output.ToArray());
        dropped.Eval();
        Assert.Equal(reference, Run(dropped, x).Output.ToArray());
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void InferenceAllocatesNothingPerTimeStep(string kind)
    {
        // Under no-grad a call allocates its outputs and a fixed amount of bookkeeping; scratch and packed weights
        // are pooled. Doubling T may only add the larger output (T·B·D·H floats).
        RecurrentLayerBase layer = Create(kind, I, 16, bidirectional: true);
        long Allocated(int steps)
        {
            Tensor x = Tensor.Uniform(96, -1f, 1f, steps, B, I);
            using NoGradScope scope = GradMode.NoGrad();
            Run(layer, x);
            Run(layer, x);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(layer, x);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        long small = Allocated(20), large = Allocated(40);
        long outputGrowth = 20L * B * 2 * 16 * sizeof(float);
        Assert.True(large - small <= outputGrowth + 1024, $"{kind}: T = 20 allocates {small} B, T = 40 allocates {large} B (output growth {outputGrowth} B)");
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void StaleNaNsInPooledScratchDoNotLeak(string kind)
    {
        (float[] Y, float[] Grads) RunOnce()
        {
            RecurrentLayerBase layer = Create(kind, I, H, layers: 2, bidirectional: true, seed: 97);
            Tensor x = Tensor.Uniform(98, -1f, 1f, T, B, I);
            x.RequiresGrad = true;
            RnnOutput r = Run(layer, x, null, [2, 5, 3]);
            (r.Output.Sum() + r.HiddenState.Sum()).Backward();
            return (r.Output.ToArray(), [.. x.Grad!.ToArray(), .. layer.Parameters().SelectMany(static p => p.Grad!.ToArray())]);
        }

        var clean = RunOnce();
        var poisoned = new List<float[]>();
        for (int n = 1; n <= 1 << 14; n *= 2)
        {
            for (int k = 0; k < 12; k++)
            {
                float[] a = System.Buffers.ArrayPool<float>.Shared.Rent(n);
                a.AsSpan().Fill(float.NaN);
                poisoned.Add(a);
            }
        }

        foreach (float[] a in poisoned)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(a);
        }

        var dirty = RunOnce();
        Assert.All(clean.Grads, static v => Assert.True(float.IsFinite(v)));
        Assert.All(dirty.Grads, static v => Assert.True(float.IsFinite(v)));
        Assert.Equal(clean.Y, dirty.Y);
        Assert.Equal(clean.Grads, dirty.Grads);
    }

    [Fact]
    public void ASecondBackwardThroughAGruNodeThrows()
    {
        var gru = new Gru(I, H);
        Tensor y = gru.Forward(Tensor.Uniform(33, -1f, 1f, T, B, I)).Output.Sum();
        y.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("GruLayer", ex.Message);
    }

    [Fact]
    public void NamesFollowPyTorch()
    {
        var gru = new Gru(3, 4, numLayers: 2, bidirectional: true);
        Assert.Equal(
            [
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
            ],
            gru.NamedParameters().Select(static p => p.Name));
        Assert.Equal([12, 3], gru.NamedParameters().First().Parameter.Shape);
        Assert.Equal([12, 8], gru.NamedParameters().Single(static p => p.Name == "weight_ih_l1").Parameter.Shape);
        var rnn = new Rnn(3, 4, bias: false);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0"], rnn.NamedParameters().Select(static p => p.Name));
        Assert.Equal([4, 4], rnn.NamedParameters().Last().Parameter.Shape);
        float bound = 1f / MathF.Sqrt(4);
        Assert.All(gru.Parameters().SelectMany(static p => p.ToArray()), v => Assert.InRange(v, -bound, bound));
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], new GruCell(3, 4).NamedParameters().Select(static p => p.Name));
        Assert.Equal([12, 4], new GruCell(3, 4).WeightHh.Shape);
        Assert.Equal([4, 3], new RnnCell(3, 4).WeightIh.Shape);
    }

    [Fact]
    public void ErrorsNameTheModuleAndTheShapes()
    {
        var gru = new Gru(4, 6);
        var ex = Assert.Throws<ArgumentException>(() => gru.Forward(Tensor.Zeros(5, 2, 3)));
        Assert.Contains("Gru(4, 6)", ex.Message);
        Assert.Contains("(5, 2, 3)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Gru(4, 6, resetAfter: false).Forward(Tensor.Zeros(5, 2, 4), Tensor.Zeros(2, 2, 6)));
        Assert.Contains("resetAfter: false", ex.Message);
        Assert.Contains("(1, 2, 6)", ex.Message);
        Assert.Contains("(2, 2, 6)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Rnn(4, 6, nonlinearity: Nonlinearity.Relu).Forward(Tensor.Zeros(5, 2)));
        Assert.Contains("Rnn(4, 6, Relu)", ex.Message);
        Assert.Contains("(5, 2)", ex.Message);
        Assert.ThrowsAny<ArgumentException>(() => gru.Forward(Tensor.Zeros(5, 2, 4), null, [5, 6]));
        Assert.ThrowsAny<ArgumentException>(() => gru.Forward(Tensor.Zeros(5, 2, 4), null, [5]));

        ex = Assert.Throws<ArgumentException>(() => new GruCell(3, 5).Forward(Tensor.Zeros(2, 4)));
        Assert.Contains("GruCell(3, 5)", ex.Message);
        Assert.Contains("(B, 3)", ex.Message);
        Assert.Contains("(2, 4)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new RnnCell(3, 5).Forward(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)));
        Assert.Contains("RnnCell(3, 5)", ex.Message);
        Assert.Contains("(2, 5)", ex.Message);
        Assert.Contains("(2, 4)", ex.Message);
        Assert.Equal("hiddenSize", Assert.Throws<ArgumentOutOfRangeException>(() => new GruCell(3, 0)).ParamName);
        Assert.Equal("nonlinearity", Assert.Throws<ArgumentOutOfRangeException>(() => new Rnn(3, 4, nonlinearity: (Nonlinearity)7)).ParamName);
    }

    [Fact]
    public void CellsEqualOneStepOfTheLayer()
    {
        foreach (bool resetAfter in new[] { true, false })
        {
            var gru = new Gru(I, H, resetAfter: resetAfter, seed: 40);
            var cell = new GruCell(I, H, resetAfter: resetAfter, seed: 41);
            cell.LoadStateDict(gru.StateDict().ToDictionary(static kv => kv.Key.Replace("_l0", string.Empty, StringComparison.Ordinal), static kv => kv.Value));
            Tensor x = Tensor.Uniform(42, -1f, 1f, 1, B, I);
            Tensor h = Tensor.Uniform(43, -1f, 1f, 1, B, H);
            Assert.Equal(gru.Forward(x, h).Output.ToArray(), cell.Forward(x.Reshape(B, I), h.Reshape(B, H)).ToArray());
        }

        var rnn = new Rnn(I, H, nonlinearity: Nonlinearity.Relu, seed: 44);
        var rcell = new RnnCell(I, H, nonlinearity: Nonlinearity.Relu, seed: 45);
        rcell.LoadStateDict(rnn.StateDict().ToDictionary(static kv => kv.Key.Replace("_l0", string.Empty, StringComparison.Ordinal), static kv => kv.Value));
        Tensor xr = Tensor.Uniform(46, -1f, 1f, 1, B, I);
        Assert.Equal(rnn.Forward(xr).Output.ToArray(), rcell.Forward(xr.Reshape(B, I)).ToArray());
    }
}
