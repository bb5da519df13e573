using Recur.Autograd;
using Recur.IO;
using Recur.Kernels;
using Recur.Modules;
using Recur.Tests.Autograd;
using Recur.Tests.Examples;
using Recur.Tests.IO;
using Xunit;

namespace Recur.Tests.Modules;

public sealed class LstmTests
{
    private const int T = 4;
    private const int B = 3;
    private const int I = 3;
    private const int H = 4;

    /// <summary>Variants checked against finite differences: (name, factory, lengths or null).</summary>
    public static TheoryData<string> GradCheckVariants => new()
    {
        "plain", "two_layer_bidir", "proj_bidir", "peepholes", "cifg", "cifg_peepholes", "cell_clip", "hard_sigmoid",
        "softsign", "lengths_bidir_2layer", "lengths_proj_peepholes_batch_first", "no_bias",
    };

    [Theory]
    [MemberData(nameof(GradCheckVariants))]
    public void FusedBackwardMatchesFiniteDifferences(string variant)
    {
        int[]? lengths = null;
        Lstm lstm = variant switch
        {
            "plain" => new Lstm(I, H, seed: 11),
            "two_layer_bidir" => new Lstm(I, H, numLayers: 2, bidirectional: true, seed: 12),
            "proj_bidir" => new Lstm(I, H, bidirectional: true, projSize: 2, seed: 13),
            "peepholes" => new Lstm(I, H, peepholes: true, seed: 14),
            "cifg" => new Lstm(I, H, coupledInputForget: true, seed: 15),
            "cifg_peepholes" => new Lstm(I, H, peepholes: true, coupledInputForget: true, bidirectional: true, seed: 16),
            "cell_clip" => new Lstm(I, H, cellClip: 0.25f, bidirectional: true, seed: 17),
            "hard_sigmoid" => new Lstm(I, H, gateActivation: GateActivation.HardSigmoid, seed: 18),
            "softsign" => new Lstm(I, H, stateActivation: StateActivation.Softsign, peepholes: true, seed: 19),
            "lengths_bidir_2layer" => new Lstm(I, H, numLayers: 2, bidirectional: true, seed: 20),
            "lengths_proj_peepholes_batch_first" => new Lstm(I, H, batchFirst: true, projSize: 3, peepholes: true, bidirectional: true, seed: 21),
            "no_bias" => new Lstm(I, H, bias: false, numLayers: 2, seed: 22),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        if (variant.StartsWith("lengths", StringComparison.Ordinal))
        {
            lengths = [2, 4, 1];
        }

        int[] xShape = lstm.BatchFirst ? [B, T, I] : [T, B, I];
        Tensor x = GradCheck.Leaf(100, -1.5f, 1.5f, xShape);
        Tensor h0 = GradCheck.Leaf(101, -1f, 1f, lstm.NumLayers * lstm.NumDirections, B, lstm.OutputSize);
        Tensor c0 = GradCheck.Leaf(102, -1f, 1f, lstm.NumLayers * lstm.NumDirections, B, H);
        Tensor[] inputs = [x, h0, c0, .. lstm.Parameters()];
        if (variant == "cell_clip")
        {
            // Larger inputs so that the clip is active at many elements.
            TensorScale(x, 2f);
        }

        GradCheck.Check(ins => Flatten(lstm.Forward(ins[0], ins[1], ins[2], lengths)), inputs, eps: variant == "cell_clip" ? 2e-4f : 2e-3f, rtol: 2e-2, atol: variant == "cell_clip" ? 5e-3 : 2e-3);
        if (variant == "cell_clip")
        {
            using NoGradScope _ = GradMode.NoGrad();
            float maxC = lstm.Forward(x, h0, c0).CellState!.ToArray().Max(MathF.Abs);
            Assert.Equal(0.25f, maxC); // the clip was reached
        }
    }

    [Theory]
    [InlineData(false, false, 0f, false, false)]
    [InlineData(true, true, 0.5f, true, true)]
    [InlineData(false, true, 0f, false, true)]
    public void WideLayersMatchFiniteDifferences(bool coupled, bool peepholes, float clip, bool hard, bool softsign)
    {
        // H = 19: the gate kernels' 16-lane path and the scalar tail both run.
        var lstm = new Lstm(2, 19, bidirectional: true, projSize: coupled ? 5 : 0, peepholes: peepholes, coupledInputForget: coupled,
            cellClip: clip, gateActivation: hard ? GateActivation.HardSigmoid : GateActivation.Sigmoid,
            stateActivation: softsign ? StateActivation.Softsign : StateActivation.Tanh, seed: 200);
        Tensor x = GradCheck.Leaf(201, -1.5f, 1.5f, 3, 2, 2);
        Tensor h0 = GradCheck.Leaf(202, -1f, 1f, 2, 2, lstm.OutputSize);
        Tensor c0 = GradCheck.Leaf(203, -1f, 1f, 2, 2, 19);
        int[] lengths = [3, 2];
        GradCheck.Check(ins => Flatten(lstm.Forward(ins[0], ins[1], ins[2], lengths)), [x, h0, c0, .. lstm.Parameters()],
            eps: clip > 0 ? 2e-4f : 2e-3f, rtol: 2e-2, atol: clip > 0 ? 5e-3 : 2e-3);
    }

    [Fact]
    public void PaddedPositionsGetExactlyZeroGradientAndZeroOutput()
    {
        var lstm = new Lstm(I, H, numLayers: 2, bidirectional: true, seed: 3);
        int[] lengths = [3, 1, 4];
        Tensor x = GradCheck.Leaf(5, -1f, 1f, T, B, I);
        RnnOutput r = lstm.Forward(x, lengths: lengths);
        (r.Output * Tensor.Uniform(6, -1f, 1f, r.Output.Shape)).Sum().Backward();
        for (int b = 0; b < B; b++)
        {
            for (int t = 0; t < T; t++)
            {
                for (int f = 0; f < I; f++)
                {
                    Assert.True(t < lengths[b] || x.Grad![t, b, f] == 0f, $"dx[{t}, {b}, {f}] = {x.Grad![t, b, f]}");
                }

                for (int f = 0; f < 2 * H; f++)
                {
                    Assert.True(t < lengths[b] || r.Output[t, b, f] == 0f);
                }
            }
        }
    }

    [Fact]
    public void PooledBuffersWithStaleNaNsDoNotLeakIntoResults()
    {
        var lstm = new Lstm(I, H, numLayers: 2, bidirectional: true, projSize: 3, peepholes: true, seed: 150);
        int[] lengths = [3, 1, 4];
        (float[] Y, float[] Dx, float[] Dw) Run()
        {
            lstm.ZeroGrad();
            Tensor x = GradCheck.Leaf(151, -1f, 1f, T, B, I);
            RnnOutput r = lstm.Forward(x, lengths: lengths);
            (r.Output * Tensor.Uniform(152, -1f, 1f, r.Output.Shape)).Sum().Backward();
            return (r.Output.ToArray(), x.Grad!.ToArray(), [.. lstm.Parameters().SelectMany(static p => p.Grad!.ToArray())]);
        }

        var clean = Run();
        for (int round = 0; round < 3; round++)
        {
            var rented = new List<float[]>();
            for (int n = 16; n <= 1 << 16; n *= 2)
            {
                for (int k = 0; k < 4; k++)
                {
                    float[] a = System.Buffers.ArrayPool<float>.Shared.Rent(n);
                    a.AsSpan().Fill(float.NaN);
                    rented.Add(a);
                }
            }

            foreach (float[] a in rented)
            {
                System.Buffers.ArrayPool<float>.Shared.Return(a);
            }

            var again = Run();
            Assert.Equal(clean.Y, again.Y);
            Assert.Equal(clean.Dx, again.Dx);
            Assert.Equal(clean.Dw, again.Dw);
        }
    }

    [Fact]
    public void PackedBatchEqualsEachSequenceAlone()
    {
        var lstm = new Lstm(I, H, numLayers: 2, bidirectional: true, projSize: 3, seed: 4);
        int[] lengths = [2, 4, 3];
        Tensor x = Tensor.Uniform(7, -1f, 1f, T, B, I);
        Tensor h0 = Tensor.Uniform(8, -1f, 1f, 4, B, 3);
        Tensor c0 = Tensor.Uniform(9, -1f, 1f, 4, B, H);
        RnnOutput all = lstm.Forward(x, h0, c0, lengths);
        for (int b = 0; b < B; b++)
        {
            int len = lengths[b];
            RnnOutput one = lstm.Forward(x.Slice(1, b, 1).Slice(0, 0, len), h0.Slice(1, b, 1), c0.Slice(1, b, 1));
            AssertClose(one.Output, all.Output.Slice(1, b, 1).Slice(0, 0, len), 1e-6f);
            AssertClose(one.HiddenState, all.HiddenState.Slice(1, b, 1), 1e-6f);
            AssertClose(one.CellState!, all.CellState!.Slice(1, b, 1), 1e-6f);
        }
    }

    [Fact]
    public void BidirectionalEqualsForwardLayerConcatReversedBackwardLayer()
    {
        var bi = new Lstm(I, H, bidirectional: true, seed: 30);
        var fwd = new Lstm(I, H, seed: 31);
        var rev = new Lstm(I, H, seed: 32);
        var state = bi.StateDict();
        fwd.LoadStateDict(state.Where(static kv => !kv.Key.EndsWith("_reverse", StringComparison.Ordinal)).ToDictionary());
        rev.LoadStateDict(state.Where(static kv => kv.Key.EndsWith("_reverse", StringComparison.Ordinal))
            .ToDictionary(static kv => kv.Key[..^"_reverse".Length], static kv => kv.Value));

        Tensor x = Tensor.Uniform(33, -1f, 1f, T, B, I);
        Tensor h0 = Tensor.Uniform(34, -1f, 1f, 2, B, H);
        Tensor c0 = Tensor.Uniform(35, -1f, 1f, 2, B, H);
        int[] backwards = [.. Enumerable.Range(0, T).Reverse()];
        RnnOutput r = bi.Forward(x, h0, c0);
        RnnOutput f = fwd.Forward(x, h0.Slice(0, 0, 1), c0.Slice(0, 0, 1));
        RnnOutput b = rev.Forward(x.IndexSelect(0, backwards), h0.Slice(0, 1, 1), c0.Slice(0, 1, 1));
        AssertClose(Tensor.Concat(2, f.Output, b.Output.IndexSelect(0, backwards)), r.Output, 0f);
        AssertClose(Tensor.Concat(0, f.HiddenState, b.HiddenState), r.HiddenState, 0f);
        AssertClose(Tensor.Concat(0, f.CellState!, b.CellState!), r.CellState!, 0f);
    }

    [Fact]
    public void NoInitialStateEqualsZeroState()
    {
        var lstm = new Lstm(I, H, numLayers: 2, bidirectional: true, projSize: 2, seed: 40);
        Tensor x = Tensor.Uniform(41, -1f, 1f, T, B, I);
        RnnOutput a = lstm.Forward(x);
        RnnOutput z = lstm.Forward(x, Tensor.Zeros(4, B, 2), Tensor.Zeros(4, B, H));
        AssertClose(a.Output, z.Output, 0f);
        AssertClose(a.HiddenState, z.HiddenState, 0f);
        AssertClose(a.CellState!, z.CellState!, 0f);
    }

    [Fact]
    public void AllLengthsEqualToTEqualsNoLengths()
    {
        var lstm = new Lstm(I, H, bidirectional: true, seed: 50);
        Tensor x1 = GradCheck.Leaf(51, -1f, 1f, T, B, I);
        Tensor x2 = GradCheck.Leaf(51, -1f, 1f, T, B, I);
        RnnOutput a = lstm.Forward(x1);
        RnnOutput b = lstm.Forward(x2, lengths: [T, T, T]);
        AssertClose(a.Output, b.Output, 0f);
        AssertClose(a.HiddenState, b.HiddenState, 0f);
        Tensor w = Tensor.Uniform(52, -1f, 1f, a.Output.Shape);
        (a.Output * w).Sum().Backward();
        (b.Output * w).Sum().Backward();
        AssertClose(x1.Grad!, x2.Grad!, 0f);
    }

    [Fact]
    public void StackedEqualsChainedSingleLayers()
    {
        var stacked = new Lstm(I, H, numLayers: 2, bidirectional: true, projSize: 3, peepholes: true, seed: 60);
        var first = new Lstm(I, H, bidirectional: true, projSize: 3, peepholes: true, seed: 61);
        var second = new Lstm(6, H, bidirectional: true, projSize: 3, peepholes: true, seed: 62);
        var state = stacked.StateDict();
        first.LoadStateDict(state.Where(static kv => kv.Key.Contains("_l0", StringComparison.Ordinal)).ToDictionary());
        second.LoadStateDict(state.Where(static kv => kv.Key.Contains("_l1", StringComparison.Ordinal))
            .ToDictionary(static kv => kv.Key.Replace("_l1", "_l0", StringComparison.Ordinal), static kv => kv.Value));
        Tensor x = Tensor.Uniform(63, -1f, 1f, T, B, I);
        Tensor h0 = Tensor.Uniform(64, -1f, 1f, 4, B, 3);
        Tensor c0 = Tensor.Uniform(65, -1f, 1f, 4, B, H);
        RnnOutput s = stacked.Forward(x, h0, c0);
        RnnOutput a = first.Forward(x, h0.Slice(0, 0, 2), c0.Slice(0, 0, 2));
        RnnOutput b = second.Forward(a.Output, h0.Slice(0, 2, 2), c0.Slice(0, 2, 2));
        AssertClose(b.Output, s.Output, 0f);
        AssertClose(Tensor.Concat(0, a.HiddenState, b.HiddenState), s.HiddenState, 0f);
        AssertClose(Tensor.Concat(0, a.CellState!, b.CellState!), s.CellState!, 0f);
    }

    [Fact]
    public void ParameterNamesFollowPyTorchOrder()
    {
        var lstm = new Lstm(I, H, numLayers: 2, bidirectional: true, projSize: 2, peepholes: true);
        string[] expected =
        [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0", "peephole_i_l0", "peephole_f_l0", "peephole_o_l0",
            "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_hr_l0_reverse",
            "peephole_i_l0_reverse", "peephole_f_l0_reverse", "peephole_o_l0_reverse",
            "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_hr_l1", "peephole_i_l1", "peephole_f_l1", "peephole_o_l1",
            "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse", "weight_hr_l1_reverse",
            "peephole_i_l1_reverse", "peephole_f_l1_reverse", "peephole_o_l1_reverse",
        ];
        Assert.Equal(expected, lstm.NamedParameters().Select(static p => p.Name));
        var shapes = lstm.NamedParameters().ToDictionary(static p => p.Name, static p => p.Parameter.Shape);
        Assert.Equal([4 * H, I], shapes["weight_ih_l0"]);
        Assert.Equal([4 * H, 2], shapes["weight_hh_l0"]);
        Assert.Equal([2, H], shapes["weight_hr_l0"]);
        Assert.Equal([4 * H, 4], shapes["weight_ih_l1_reverse"]);
        Assert.Equal([H], shapes["peephole_o_l1"]);

        var cifg = new Lstm(I, H, coupledInputForget: true, peepholes: true);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "peephole_i_l0", "peephole_o_l0"],
            cifg.NamedParameters().Select(static p => p.Name));
        Assert.Equal([3 * H, I], cifg.NamedParameters().First().Parameter.Shape);
    }

    [Fact]
    public void InitializationIsSeededAndBounded()
    {
        var a = new Lstm(I, 16, seed: 5);
        var b = new Lstm(I, 16, seed: 5);
        var c = new Lstm(I, 16, seed: 6);
        float bound = 1f / MathF.Sqrt(16);
        foreach (((string _, Tensor pa), (string _, Tensor pb)) in a.NamedParameters().Zip(b.NamedParameters()))
        {
            Assert.Equal(pa.ToArray(), pb.ToArray());
            Assert.All(pa.ToArray(), v => Assert.InRange(v, -bound, bound));
        }

        Assert.NotEqual(a.Parameters().First().ToArray(), c.Parameters().First().ToArray());
    }

    [Fact]
    public void StateDictRoundTripsBitExactlyThroughSafeTensors()
    {
        var source = new Lstm(I, H, numLayers: 2, bidirectional: true, projSize: 2, peepholes: true, seed: 70);
        using var dir = new TempDirectory();
        string path = dir.File("lstm.safetensors");
        SafeTensors.Save(path, source.StateDict());
        var target = new Lstm(I, H, numLayers: 2, bidirectional: true, projSize: 2, peepholes: true, seed: 71);
        target.LoadStateDict(SafeTensors.Load(path));
        foreach (((string na, Tensor pa), (string nb, Tensor pb)) in source.NamedParameters().Zip(target.NamedParameters()))
        {
            Assert.Equal(na, nb);
            Assert.Equal(pa.ToArray(), pb.ToArray());
        }

        string again = dir.File("again.safetensors");
        SafeTensors.Save(again, target.StateDict());
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
        Tensor x = Tensor.Uniform(72, -1f, 1f, T, B, I);
        AssertClose(source.Forward(x).Output, target.Forward(x).Output, 0f);
    }

    [Fact]
    public void NoGradKeepsNothingAndGivesTheSameValues()
    {
        var lstm = new Lstm(I, H, bidirectional: true, projSize: 2, seed: 80);
        Tensor x = GradCheck.Leaf(81, -1f, 1f, T, B, I);
        RnnOutput withGrad = lstm.Forward(x, lengths: [4, 2, 3]);
        Assert.NotNull(withGrad.Output.GradFn);
        RnnOutput r;
        using (GradMode.NoGrad())
        {
            r = lstm.Forward(x, lengths: [4, 2, 3]);
        }

        Assert.Null(r.Output.GradFn);
        Assert.False(r.Output.RequiresGrad);
        AssertClose(r.Output, withGrad.Output, 0f);
        AssertClose(r.CellState!, withGrad.CellState!, 0f);
    }

    [Fact]
    public void ConcurrentDirectionsGiveTheSameResultsAsOneThread()
    {
        // Large enough (≈ 6.5 MFLOP per direction) for the two directions to run on two threads.
        var lstm = new Lstm(16, 64, bidirectional: true, projSize: 48, peepholes: true, seed: 130);
        Tensor x = Tensor.Uniform(131, -1f, 1f, 20, 8, 16);
        int[] lengths = [20, 3, 17, 20, 1, 9, 20, 12];
        (float[] Y, float[] Dx, float[] Dw) Run(int threads) => ExampleWeights.WithThreads<(float[] Y, float[] Dx, float[] Dw)>(threads, () =>
            {
                lstm.ZeroGrad();
                Tensor xi = x.Clone();
                xi.RequiresGrad = true;
                RnnOutput r = lstm.Forward(xi, lengths: lengths);
                (r.Output * Tensor.Uniform(132, -1f, 1f, r.Output.Shape)).Sum().Backward();
                return (r.Output.ToArray(), xi.Grad!.ToArray(), lstm.Parameters().Last().Grad!.ToArray());
            });

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(48, true)]
    public void ConcurrentForwardDirectionsOfRowSplitStepsGiveTheSameResultsAsOneThread(int projSize, bool peepholes)
    {
        // B = 32, H = 64: each step's product (≈ 1 MFLOP) is too large for the directions to run concurrently backward
        // (each step splits by rows there), but a forward pass runs them on two threads. One thread does neither.
        var lstm = new Lstm(8, 64, bidirectional: true, projSize: projSize, peepholes: peepholes, seed: 135);
        Tensor x = Tensor.Uniform(136, -1f, 1f, 12, 32, 8);
        int[] lengths = [.. Enumerable.Range(0, 32).Select(static b => 1 + (b * 5 % 12))];
        lengths[3] = 12;
        AssertSameAsOneThread(lstm, x, lengths, 137, noGradFullLength: true);
    }

    [Theory]
    [InlineData(0, false, 2)]
    [InlineData(24, true, 3)]
    public void PipelinedLayersGiveTheSameResultsAsOneThread(int projSize, bool peepholes, int layers)
    {
        // B = 8, H = 64: steps too small to split by rows, so under no-grad with two threads the stacked layers run as
        // a pipeline over two cores (T = 11: chunks of 4 steps and a remainder). One thread, or recording, runs them
        // one after the other.
        var lstm = new Lstm(4, 64, numLayers: layers, projSize: projSize, peepholes: peepholes, seed: 145);
        Tensor x = Tensor.Uniform(146, -1f, 1f, 11, 8, 4);
        Tensor h0 = Tensor.Uniform(147, -1f, 1f, layers, 8, lstm.OutputSize);
        Tensor c0 = Tensor.Uniform(148, -1f, 1f, layers, 8, 64);
        float[][] Run(int threads, bool noGrad) => ExampleWeights.WithThreads(threads, () =>
            {
                using NoGradScope? scope = noGrad ? GradMode.NoGrad() : null;
                RnnOutput plain = lstm.Forward(x);
                RnnOutput withState = lstm.Forward(x, h0, c0);
                return new[]
                {
                    plain.Output.ToArray(), plain.HiddenState.ToArray(), plain.CellState!.ToArray(),
                    withState.Output.ToArray(), withState.HiddenState.ToArray(), withState.CellState!.ToArray(),
                };
            });

        float[][] one = Run(1, noGrad: true);
        float[][] two = Run(2, noGrad: true);
        float[][] recorded = Run(2, noGrad: false);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(one[i], two[i]);
            Assert.Equal(recorded[i], two[i]);
        }
    }

    [Theory]
    [InlineData(0, false, 37)]
    [InlineData(40, true, 37)]
    [InlineData(0, false, 11)]
    [InlineData(40, true, 9)]
    public void RowSplitStepsGiveTheSameResultsAsOneThread(int projSize, bool peepholes, int batch)
    {
        // B = 37 (or 9, 11: parts of 4-row tiles), H = 64: each step's product is large enough for the steps to be split by rows over two threads.
        var lstm = new Lstm(8, 64, numLayers: 2, projSize: projSize, peepholes: peepholes, seed: 140);
        Tensor x = Tensor.Uniform(141, -1f, 1f, 6, batch, 8);
        int[] lengths = [.. Enumerable.Range(0, batch).Select(static b => 1 + (b * 7 % 6))];
        (float[] Y, float[] Dx, float[] Dw) Run(int threads) => ExampleWeights.WithThreads<(float[] Y, float[] Dx, float[] Dw)>(threads, () =>
            {
                lstm.ZeroGrad();
                Tensor xi = x.Clone();
                xi.RequiresGrad = true;
                RnnOutput r = lstm.Forward(xi, lengths: lengths);
                (r.Output * Tensor.Uniform(142, -1f, 1f, r.Output.Shape)).Sum().Backward();
                return (r.Output.ToArray(), xi.Grad!.ToArray(), [.. lstm.Parameters().SelectMany(static p => p.Grad!.ToArray())]);
            });

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
        // The split path against sequences run alone (batch 1: never split): same dx and, summed, the same weight gradients.
        Tensor w = Tensor.Uniform(142, -1f, 1f, 6, batch, lstm.OutputSize);
        var summed = new double[one.Dw.Length];
        for (int b = 0; b < batch; b++)
        {
            lstm.ZeroGrad();
            Tensor xb = x.Slice(1, b, 1).Slice(0, 0, lengths[b]);
            xb.RequiresGrad = true;
            RnnOutput rb = lstm.Forward(xb);
            (rb.Output * w.Slice(1, b, 1).Slice(0, 0, lengths[b])).Sum().Backward();
            for (int t = 0; t < 6; t++)
            {
                for (int f = 0; f < 8; f++)
                {
                    float expected = t < lengths[b] ? xb.Grad![t, 0, f] : 0f;
                    Assert.True(Math.Abs(expected - one.Dx[(((t * batch) + b) * 8) + f]) <= 1e-5f, $"dx[{t}, {b}, {f}]");
                }
            }

            float[] g = [.. lstm.Parameters().SelectMany(static p => p.Grad?.ToArray() ?? new float[p.Length])];
            for (int i = 0; i < g.Length; i++)
            {
                summed[i] += g[i];
            }
        }

        for (int i = 0; i < summed.Length; i++)
        {
            Assert.True(Math.Abs(summed[i] - one.Dw[i]) <= 1e-4 * (1 + Math.Abs(summed[i])), $"parameter gradient element {i}");
        }

        int before = Parallelism.MaxThreads;
        Parallelism.MaxThreads = 2;
        try
        {
            using NoGradScope scope = GradMode.NoGrad();
            Assert.Equal(one.Y, lstm.Forward(x, lengths: lengths).Output.ToArray());
        }
        finally
        {
            Parallelism.MaxThreads = before;
        }
    }

    [Theory]
    [InlineData(0, false, 16)]
    [InlineData(256, true, 19)]
    public void SplitGatePassGivesTheSameResultsAsOneThread(int projSize, bool peepholes, int batch)
    {
        // H = 320: W_hh (1280 × Hout) is too large for row-split steps, so with two threads each step's product splits
        // its columns inside the GEMM and the gate pass (rows × H ≥ 4096) splits its rows. One thread does neither.
        var lstm = new Lstm(8, 320, bidirectional: true, projSize: projSize, peepholes: peepholes, seed: 150);
        Tensor x = Tensor.Uniform(151, -1f, 1f, 4, batch, 8);
        int[] lengths = [.. Enumerable.Range(0, batch).Select(static b => 1 + (b * 5 % 4))];
        lengths[0] = 4;
        AssertSameAsOneThread(lstm, x, lengths, 152, noGradFullLength: false);
    }

    /// <summary>
    /// Output, h_n, dx, every parameter gradient (under a fixed random weighting of the output, seed
    /// <paramref name="weightSeed"/>) and the no-grad output (and, with <paramref name="noGradFullLength"/>, the no-grad
    /// output without lengths) are bit-identical with one and two threads; the no-grad output equals the recorded one.
    /// </summary>
    private static void AssertSameAsOneThread(Lstm lstm, Tensor x, int[] lengths, ulong weightSeed, bool noGradFullLength)
    {
        (float[] Y, float[] Hn, float[] Dx, float[] Dw, float[] NoGradY) Run(int threads) => ExampleWeights.WithThreads<(float[] Y, float[] Hn, float[] Dx, float[] Dw, float[] NoGradY)>(threads, () =>
            {
                lstm.ZeroGrad();
                Tensor xi = x.Clone();
                xi.RequiresGrad = true;
                RnnOutput r = lstm.Forward(xi, lengths: lengths);
                (r.Output * Tensor.Uniform(weightSeed, -1f, 1f, r.Output.Shape)).Sum().Backward();
                float[] noGrad;
                using (GradMode.NoGrad())
                {
                    noGrad = lstm.Forward(x, lengths: lengths).Output.ToArray();
                    if (noGradFullLength)
                    {
                        noGrad = [.. noGrad, .. lstm.Forward(x).Output.ToArray()];
                    }
                }

                return (r.Output.ToArray(), r.HiddenState.ToArray(), xi.Grad!.ToArray(),
                    [.. lstm.Parameters().SelectMany(static p => p.Grad!.ToArray())], noGrad);
            });

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Hn, two.Hn);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
        Assert.Equal(one.NoGradY, two.NoGradY);
        Assert.Equal(one.Y, one.NoGradY[..one.Y.Length]);
    }

    [Fact]
    public void SecondBackwardThroughTheSameLayerThrows()
    {
        var lstm = new Lstm(I, H, seed: 85);
        Tensor x = GradCheck.Leaf(86, -1f, 1f, T, B, I);
        Tensor loss = lstm.Forward(x).Output.Sum();
        loss.Backward();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("forward pass again", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InterLayerDropoutOnlyInTraining()
    {
        var lstm = new Lstm(I, H, numLayers: 2, dropout: 0.5f, seed: 90);
        var plain = new Lstm(I, H, numLayers: 2, seed: 91);
        plain.LoadStateDict(lstm.StateDict());
        Tensor x = Tensor.Uniform(92, -1f, 1f, T, B, I);
        Tensor trained = lstm.Forward(x).Output;
        Assert.NotEqual(plain.Forward(x).Output.ToArray(), trained.ToArray());
        Assert.NotEqual(trained.ToArray(), lstm.Forward(x).Output.ToArray()); // a fresh mask per call
        lstm.Eval();
        AssertClose(plain.Forward(x).Output, lstm.Forward(x).Output, 0f);
    }

    [Fact]
    public void BatchFirstTransposesInputAndOutputOnly()
    {
        var tm = new Lstm(I, H, bidirectional: true, seed: 100);
        var bf = new Lstm(I, H, bidirectional: true, batchFirst: true, seed: 101);
        bf.LoadStateDict(tm.StateDict());
        Tensor x = Tensor.Uniform(102, -1f, 1f, T, B, I);
        RnnOutput a = tm.Forward(x, lengths: [1, 4, 2]);
        RnnOutput b = bf.Forward(x.Transpose(0, 1), lengths: [1, 4, 2]);
        Assert.Equal([B, T, 2 * H], b.Output.Shape);
        AssertClose(a.Output.Transpose(0, 1), b.Output, 0f);
        AssertClose(a.HiddenState, b.HiddenState, 0f);
    }

    [Fact]
    public void CellEqualsOneStepOfTheLayer()
    {
        var cell = new LstmCell(I, H, peepholes: true, seed: 110);
        var layer = new Lstm(I, H, peepholes: true, seed: 111);
        layer.LoadStateDict(cell.StateDict().ToDictionary(static kv => kv.Key + "_l0", static kv => kv.Value));
        Tensor x = Tensor.Uniform(112, -1f, 1f, B, I);
        Tensor h = Tensor.Uniform(113, -1f, 1f, B, H);
        Tensor c = Tensor.Uniform(114, -1f, 1f, B, H);
        LstmCellOutput one = cell.Forward(x, h, c);
        RnnOutput r = layer.Forward(x.Reshape(1, B, I), h.Reshape(1, B, H), c.Reshape(1, B, H));
        AssertClose(one.HiddenState, r.HiddenState.Reshape(B, H), 0f);
        AssertClose(one.CellState, r.CellState!.Reshape(B, H), 0f);
        LstmCellOutput zero = cell.Forward(x);
        AssertClose(zero.HiddenState, cell.Forward(x, Tensor.Zeros(B, H), Tensor.Zeros(B, H)).HiddenState, 0f);
    }

    [Fact]
    public void CellGradientsMatchFiniteDifferences()
    {
        var cell = new LstmCell(I, H, coupledInputForget: true, peepholes: true, cellClip: 0.6f, seed: 120);
        Tensor x = GradCheck.Leaf(121, -1f, 1f, B, I);
        Tensor h = GradCheck.Leaf(122, -1f, 1f, B, H);
        Tensor c = GradCheck.Leaf(123, -1f, 1f, B, H);
        GradCheck.Check(
            ins =>
            {
                LstmCellOutput o = cell.Forward(ins[0], ins[1], ins[2]);
                return Tensor.Concat(0, o.HiddenState.Reshape(-1), o.CellState.Reshape(-1));
            },
            [x, h, c, .. cell.Parameters()], eps: 2e-3f, rtol: 2e-2, atol: 2e-3);
    }

    [Fact]
    public void ShapeErrorsNameTheModuleAndTheShapes()
    {
        var lstm = new Lstm(I, H, numLayers: 2, bidirectional: true);
        Tensor x = Tensor.Zeros(T, B, I);
        AssertError(() => lstm.Forward(Tensor.Zeros(T, B, I + 1)), "Lstm(3, 4, numLayers: 2, bidirectional)", "(T, B, 3)", "(4, 3, 4)");
        AssertError(() => lstm.Forward(Tensor.Zeros(T, I)), "Lstm(", "(4, 3)");
        AssertError(() => lstm.Forward(x, h0: Tensor.Zeros(2, B, H)), "Lstm(", "h0", "(4, 3, 4)", "(2, 3, 4)");
        AssertError(() => lstm.Forward(x, c0: Tensor.Zeros(4, B + 1, H)), "Lstm(", "c0", "(4, 3, 4)", "(4, 4, 4)");
        AssertError(() => lstm.Forward(x, lengths: [1, 2]), "Lstm(", "lengths", "(3,)", "(2,)");
        AssertError(() => lstm.Forward(x, lengths: [1, 5, 2]), "Lstm(", "lengths[1] = 5", "[1, T = 4]");
        AssertError(() => lstm.Forward(x, lengths: [1, 0, 2]), "lengths[1] = 0");
        var bf = new Lstm(I, H, batchFirst: true);
        AssertError(() => bf.Forward(Tensor.Zeros(B, T, 2)), "(B, T, 3)", "(3, 4, 2)");
        var cell = new LstmCell(I, H);
        AssertError(() => cell.Forward(Tensor.Zeros(B, I + 1)), "LstmCell(3, 4)", "(B, 3)", "(3, 4)");
        AssertError(() => cell.Forward(Tensor.Zeros(B, I), Tensor.Zeros(B, H + 1)), "LstmCell(3, 4)", "h", "(3, 4)", "(3, 5)");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(I, H, projSize: H));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(0, H));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(I, H, dropout: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(I, H, cellClip: -1f));
    }

    private static void AssertError(Action action, params string[] fragments)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(action);
        foreach (string f in fragments)
        {
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        }
    }

    private static Tensor Flatten(RnnOutput r) =>
        Tensor.Concat(0, r.Output.Reshape(-1), r.HiddenState.Reshape(-1), r.CellState!.Reshape(-1));

    private static void TensorScale(Tensor t, float s)
    {
        Span<float> v = t.AsSpan();
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= s;
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, float tolerance)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        float[] e = expected.ToArray();
        float[] a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"element {i}: expected {e[i]:R}, got {a[i]:R}");
        }
    }
}
