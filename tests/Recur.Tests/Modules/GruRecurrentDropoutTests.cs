using Recur.Modules;
using Xunit;

namespace Recur.Tests.Modules;

/// <summary>
/// Variational recurrent dropout inside the fused GRU op (reset-after and reset-before): against an unfused
/// step-by-step reference with the same mask (values and every gradient), and the module-level behaviour.
/// </summary>
public sealed class GruRecurrentDropoutTests
{
    [Theory]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, true)]
    [InlineData(false, false, true)]
    public void FusedOpWithMaskMatchesUnfusedReference(bool resetAfter, bool bidirectional, bool withLengths)
    {
        const int t = 5, b = 4, i = 3, h = 4;
        var gru = new Gru(i, h, bidirectional: bidirectional, resetAfter: resetAfter, seed: 21);
        int dirs = bidirectional ? 2 : 1;
        var prm = gru.NamedParameters().ToDictionary(static p => p.Name, static p => p.Parameter);
        float[][] masks = [.. Enumerable.Range(0, dirs).Select(d => Mask(b * h, 60UL + (ulong)d))];
        int[] lengths = withLengths ? [5, 2, 4, 1] : [];
        Tensor x = Tensor.Uniform(22, -1f, 1f, t, b, i);
        Tensor h0 = Tensor.Uniform(23, -1f, 1f, dirs, b, h);
        Tensor wy = Tensor.Uniform(24, -1f, 1f, t, b, dirs * h);
        Tensor wh = Tensor.Uniform(25, -1f, 1f, dirs, b, h);

        Tensor xf = Leaf(x), h0f = Leaf(h0);
        Tensor[] weights = [.. Enumerable.Range(0, dirs).SelectMany(d => Names(d).Select(n => prm[n]))];
        RnnLayerResult fused = GruLayerOp.Forward(xf, h0f, weights, true, dirs, lengths, resetAfter, cell: false, masks);
        ((fused.Output * wy).Sum() + (fused.FinalState! * wh).Sum()).Backward();
        var fusedGrads = prm.ToDictionary(static kv => kv.Key, static kv => kv.Value.Grad!.ToArray());
        gru.ZeroGrad();

        Tensor xr = Leaf(x), h0r = Leaf(h0);
        var outputs = new Tensor[dirs];
        var finals = new Tensor[dirs];
        for (int d = 0; d < dirs; d++)
        {
            string[] n = Names(d);
            Tensor wih = prm[n[0]], whh = prm[n[1]], bih = prm[n[2]], bhh = prm[n[3]];
            Tensor mask = Tensor.FromArray(masks[d], b, h);
            Tensor hPrev = h0r.Slice(0, d, 1).Reshape(b, h);
            var ys = new Tensor[t];
            for (int s = 0; s < t; s++)
            {
                int step = d == 1 ? t - 1 - s : s;
                Tensor xt = xr.Slice(0, step, 1).Reshape(b, i);
                Tensor gx = xt.MatMul(wih.Transpose(0, 1)) + bih;
                Tensor hm = hPrev * mask;
                Tensor whrz = whh.Slice(0, 0, 2 * h), whn = whh.Slice(0, 2 * h, h);
                Tensor ghrz = hm.MatMul(whrz.Transpose(0, 1)) + bhh.Slice(0, 0, 2 * h);
                Tensor r = (gx.Slice(1, 0, h) + ghrz.Slice(1, 0, h)).Sigmoid();
                Tensor z = (gx.Slice(1, h, h) + ghrz.Slice(1, h, h)).Sigmoid();
                Tensor nGate = resetAfter
                    ? (gx.Slice(1, 2 * h, h) + (r * (hm.MatMul(whn.Transpose(0, 1)) + bhh.Slice(0, 2 * h, h)))).Tanh()
                    : (gx.Slice(1, 2 * h, h) + (r * hm).MatMul(whn.Transpose(0, 1)) + bhh.Slice(0, 2 * h, h)).Tanh();
                Tensor hNew = ((1f - z) * nGate) + (z * hPrev);
                if (withLengths)
                {
                    // Rows past their length keep their state and output zeros.
                    float[] active = [.. lengths.Select(len => step < len ? 1f : 0f)];
                    Tensor a = Tensor.FromArray(active, b, 1);
                    hNew = (a * hNew) + ((1f - a) * hPrev);
                    ys[step] = (a * hNew).Reshape(1, b, h);
                }
                else
                {
                    ys[step] = hNew.Reshape(1, b, h);
                }

                hPrev = hNew;
            }

            outputs[d] = Tensor.Concat(0, ys);
            finals[d] = hPrev.Reshape(1, b, h);
        }

        Tensor y = dirs == 1 ? outputs[0] : Tensor.Concat(2, outputs);
        Tensor hn = dirs == 1 ? finals[0] : Tensor.Concat(0, finals);
        ((y * wy).Sum() + (hn * wh).Sum()).Backward();

        AssertClose(y.ToArray(), fused.Output.ToArray(), "output");
        AssertClose(hn.ToArray(), fused.FinalState!.ToArray(), "h_n");
        AssertClose(xr.Grad!.ToArray(), xf.Grad!.ToArray(), "dx");
        AssertClose(h0r.Grad!.ToArray(), h0f.Grad!.ToArray(), "dh0");
        foreach (var (name, p) in prm)
        {
            AssertClose(p.Grad!.ToArray(), fusedGrads[name], name);
        }
    }

    [Fact]
    public void ModuleMaskIsUsedInTrainingOnly()
    {
        var gru = new Gru(3, 5, seed: 8);
        Tensor x = Tensor.Uniform(9, -1f, 1f, 6, 3, 3);
        float[] plain = gru.Forward(x).Output.ToArray();
        gru.RecurrentDropout = 0.5f;
        Assert.NotEqual(plain, gru.Forward(x).Output.ToArray());
        gru.Eval();
        Assert.Equal(plain, gru.Forward(x).Output.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => gru.RecurrentDropout = 1f);
    }

    private static string[] Names(int d)
    {
        string sfx = d == 1 ? "_reverse" : "";
        return ["weight_ih_l0" + sfx, "weight_hh_l0" + sfx, "bias_ih_l0" + sfx, "bias_hh_l0" + sfx];
    }

    private static float[] Mask(int n, ulong seed) =>
        [.. Tensor.Uniform(seed, 0f, 1f, n).ToArray().Select(static v => v < 0.4f ? 0f : 1f / 0.6f)];

    private static Tensor Leaf(Tensor t)
    {
        Tensor c = t.Clone();
        c.RequiresGrad = true;
        return c;
    }

    private static void AssertClose(float[] e, float[] a, string what)
    {
        Assert.Equal(e.Length, a.Length);
        for (int k = 0; k < e.Length; k++)
        {
            Assert.True(Math.Abs(e[k] - a[k]) <= 2e-5f + (2e-5f * Math.Abs(e[k])), $"{what}[{k}]: expected {e[k]}, got {a[k]}");
        }
    }
}
