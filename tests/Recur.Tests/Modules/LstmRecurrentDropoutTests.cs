using Recur.Autograd;
using Recur.Modules;
using Xunit;

namespace Recur.Tests.Modules;

/// <summary>
/// Variational recurrent dropout inside the fused LSTM op: against an unfused step-by-step reference built from tensor
/// ops with the same mask (values and every gradient), and the module-level behaviour (eval, p = 0, fresh masks).
/// </summary>
public sealed class LstmRecurrentDropoutTests
{
    [Theory]
    [InlineData(false, 0, false)]
    [InlineData(true, 0, false)]
    [InlineData(false, 3, false)]
    [InlineData(true, 0, true)]
    public void FusedOpWithMaskMatchesUnfusedReference(bool bidirectional, int projSize, bool peepholes)
    {
        const int t = 5, b = 3, i = 2, h = 4;
        var lstm = new Lstm(i, h, bidirectional: bidirectional, projSize: projSize, peepholes: peepholes, seed: 77);
        int hout = lstm.OutputSize;
        int dirs = bidirectional ? 2 : 1;
        var state = lstm.NamedParameters().ToDictionary(static p => p.Name, static p => p.Parameter);
        float[][] masks = [.. Enumerable.Range(0, dirs).Select(d => Mask(b * hout, 90UL + (ulong)d))];
        Tensor x = Tensor.Uniform(5, -1f, 1f, t, b, i);
        Tensor h0 = Tensor.Uniform(6, -1f, 1f, dirs, b, hout);
        Tensor c0 = Tensor.Uniform(7, -1f, 1f, dirs, b, h);
        Tensor wy = Tensor.Uniform(8, -1f, 1f, t, b, dirs * hout);
        Tensor wh = Tensor.Uniform(9, -1f, 1f, dirs, b, hout);
        Tensor wc = Tensor.Uniform(10, -1f, 1f, dirs, b, h);

        // Fused.
        var fusedInputs = Leaves(x, h0, c0);
        var parameters = Enumerable.Range(0, dirs).Select(d => Parameters(state, d, projSize > 0, peepholes)).ToArray();
        var variant = new LstmVariant(h, projSize, false, peepholes, 0f, false, false);
        RnnOutput fused = LstmLayerOp.Forward(fusedInputs[0], parameters, fusedInputs[1], fusedInputs[2], null, variant, masks);
        Loss(fused.Output, fused.HiddenState, fused.CellState!, wy, wh, wc).Backward();
        var fusedGrads = state.Select(kv => kv.Value.Grad!.ToArray()).ToArray();
        lstm.ZeroGrad();

        // Reference: the same equations step by step with autograd ops.
        var refInputs = Leaves(x, h0, c0);
        var outputs = new Tensor[dirs];
        var hs = new Tensor[dirs];
        var cs = new Tensor[dirs];
        for (int d = 0; d < dirs; d++)
        {
            string sfx = d == 1 ? "_reverse" : "";
            Tensor wih = state["weight_ih_l0" + sfx], whh = state["weight_hh_l0" + sfx];
            Tensor bias = state["bias_ih_l0" + sfx] + state["bias_hh_l0" + sfx];
            Tensor mask = Tensor.FromArray(masks[d], b, hout);
            Tensor hPrev = refInputs[1].Slice(0, d, 1).Reshape(b, hout);
            Tensor cPrev = refInputs[2].Slice(0, d, 1).Reshape(b, h);
            var ys = new Tensor[t];
            for (int s = 0; s < t; s++)
            {
                int step = d == 1 ? t - 1 - s : s;
                Tensor xt = refInputs[0].Slice(0, step, 1).Reshape(b, i);
                Tensor g = xt.MatMul(wih.Transpose(0, 1)) + (hPrev * mask).MatMul(whh.Transpose(0, 1)) + bias;
                Tensor ai = g.Slice(1, 0, h), af = g.Slice(1, h, h), ag = g.Slice(1, 2 * h, h), ao = g.Slice(1, 3 * h, h);
                if (peepholes)
                {
                    ai = ai + (state["peephole_i_l0" + sfx] * cPrev);
                    af = af + (state["peephole_f_l0" + sfx] * cPrev);
                }

                Tensor c = (af.Sigmoid() * cPrev) + (ai.Sigmoid() * ag.Tanh());
                if (peepholes)
                {
                    ao = ao + (state["peephole_o_l0" + sfx] * c);
                }

                Tensor hNew = ao.Sigmoid() * c.Tanh();
                if (projSize > 0)
                {
                    hNew = hNew.MatMul(state["weight_hr_l0" + sfx].Transpose(0, 1));
                }

                ys[step] = hNew.Reshape(1, b, hout);
                hPrev = hNew;
                cPrev = c;
            }

            outputs[d] = Tensor.Concat(0, ys);
            hs[d] = hPrev.Reshape(1, b, hout);
            cs[d] = cPrev.Reshape(1, b, h);
        }

        Tensor y = dirs == 1 ? outputs[0] : Tensor.Concat(2, outputs);
        Tensor hn = dirs == 1 ? hs[0] : Tensor.Concat(0, hs);
        Tensor cn = dirs == 1 ? cs[0] : Tensor.Concat(0, cs);
        Loss(y, hn, cn, wy, wh, wc).Backward();

        AssertClose(y, fused.Output, "output");
        AssertClose(hn, fused.HiddenState, "h_n");
        AssertClose(cn, fused.CellState!, "c_n");
        for (int k = 0; k < 3; k++)
        {
            AssertClose(refInputs[k].Grad!, fusedInputs[k].Grad!, $"input {k} grad");
        }

        int p = 0;
        foreach (var (name, param) in state)
        {
            AssertClose(param.Grad!, Tensor.FromArray(fusedGrads[p], param.Shape), name + " grad");
            p++;
        }
    }

    [Fact]
    public void ModuleMaskIsUsedInTrainingOnlyAndIsFreshPerCall()
    {
        var lstm = new Lstm(3, 6, seed: 3);
        Tensor x = Tensor.Uniform(1, -1f, 1f, 7, 4, 3);
        Tensor plain = lstm.Forward(x).Output;
        lstm.RecurrentDropout = 0.5f;
        Tensor first = lstm.Forward(x).Output;
        Tensor second = lstm.Forward(x).Output;
        Assert.NotEqual(plain.ToArray(), first.ToArray());
        Assert.NotEqual(first.ToArray(), second.ToArray());
        // Step 0 reads h0 = 0, so dropout cannot change it.
        Assert.Equal(plain.Slice(0, 0, 1).ToArray(), first.Slice(0, 0, 1).ToArray());
        lstm.Eval();
        Assert.Equal(plain.ToArray(), lstm.Forward(x).Output.ToArray());
        lstm.Train();
        lstm.RecurrentDropout = 0f;
        Assert.Equal(plain.ToArray(), lstm.Forward(x).Output.ToArray());
    }

    [Fact]
    public void ModuleTrainingGradientsFlowWithLengths()
    {
        var lstm = new Lstm(2, 5, numLayers: 2, bidirectional: true, seed: 4) { RecurrentDropout = 0.3f };
        Tensor x = Tensor.Uniform(2, -1f, 1f, 6, 3, 2);
        x.RequiresGrad = true;
        RnnOutput r = lstm.Forward(x, lengths: [6, 2, 4]);
        r.Output.Sum().Backward();
        float[] dx = x.Grad!.ToArray();
        for (int s = 2; s < 6; s++)
        {
            for (int f = 0; f < 2; f++)
            {
                Assert.Equal(0f, dx[(((s * 3) + 1) * 2) + f]); // padded steps of the length-2 sequence
            }
        }

        Assert.All(lstm.Parameters(), static p => Assert.True(p.Grad!.ToArray().All(float.IsFinite)));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void RecurrentDropoutOutsideZeroToOneIsRejectedWithItsName(float p)
    {
        var lstm = new Lstm(2, 3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => lstm.RecurrentDropout = p);
        Assert.Contains("RecurrentDropout", e.Message, StringComparison.Ordinal);
    }

    private static float[] Mask(int n, ulong seed)
    {
        float[] u = Tensor.Uniform(seed, 0f, 1f, n).ToArray();
        return [.. u.Select(static v => v < 0.4f ? 0f : 1f / 0.6f)];
    }

    private static Tensor[] Leaves(params Tensor[] tensors) =>
        [.. tensors.Select(static t => { Tensor c = t.Clone(); c.RequiresGrad = true; return c; })];

    private static LstmDirectionParameters Parameters(IDictionary<string, Tensor> s, int d, bool proj, bool peep)
    {
        string sfx = d == 1 ? "_reverse" : "";
        return new LstmDirectionParameters(
            s["weight_ih_l0" + sfx], s["weight_hh_l0" + sfx], s["bias_ih_l0" + sfx], s["bias_hh_l0" + sfx],
            proj ? s["weight_hr_l0" + sfx] : null,
            peep ? s["peephole_i_l0" + sfx] : null, peep ? s["peephole_f_l0" + sfx] : null, peep ? s["peephole_o_l0" + sfx] : null);
    }

    private static Tensor Loss(Tensor y, Tensor hn, Tensor cn, Tensor wy, Tensor wh, Tensor wc) =>
        (y * wy).Sum() + (hn * wh).Sum() + (cn * wc).Sum();

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        float[] e = expected.ToArray(), a = actual.ToArray();
        for (int k = 0; k < e.Length; k++)
        {
            Assert.True(Math.Abs(e[k] - a[k]) <= 2e-5f + (2e-5f * Math.Abs(e[k])), $"{what}[{k}]: expected {e[k]}, got {a[k]}");
        }
    }
}
