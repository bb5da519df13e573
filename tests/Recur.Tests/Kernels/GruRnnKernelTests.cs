using Recur.Kernels;
using Xunit;

namespace Recur.Tests.Kernels;

/// <summary>
/// The vectorized GRU / RNN gate kernels against double-precision references, at widths that exercise both the
/// Vector512 body and the scalar tail.
/// </summary>
public sealed class GruRnnKernelTests
{
    [Theory]
    [InlineData(37)]
    [InlineData(16)]
    [InlineData(5)]
    public void GruResetAfterStepMatchesDoubleReference(int hidden)
    {
        const int batch = 3, ld = 80;
        float[] gx = Random(1, batch * 3 * hidden, 3f), gh = Random(2, batch * 3 * hidden, 3f), bias = Random(3, 4 * hidden, 1f);
        float[] state = Random(4, batch * hidden, 1f), prev = (float[])state.Clone();
        var output = new float[batch * ld];
        var saved = new float[batch * 4 * hidden];
        int[] lengths = [4, 2, 3];
        GruGates.ForwardResetAfter(output, ld, state, saved, gx, 3 * hidden, gh, bias, lengths, 2, batch, hidden);
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < hidden; j++)
            {
                if (b == 1)
                {
                    Assert.Equal(0f, output[(b * ld) + j]);
                    Assert.Equal(prev[(b * hidden) + j], state[(b * hidden) + j]);
                    continue;
                }

                int g = b * 3 * hidden;
                double r = Sig(gx[g + j] + (double)gh[g + j] + bias[j]);
                double z = Sig(gx[g + hidden + j] + (double)gh[g + hidden + j] + bias[hidden + j]);
                double hn = gh[g + (2 * hidden) + j] + (double)bias[(3 * hidden) + j];
                double n = Math.Tanh(gx[g + (2 * hidden) + j] + (double)bias[(2 * hidden) + j] + (r * hn));
                double h = ((1 - z) * n) + (z * prev[(b * hidden) + j]);
                Close(h, output[(b * ld) + j], "h");
                Close(h, state[(b * hidden) + j], "state");
                Close(r, saved[(b * 4 * hidden) + j], "r");
                Close(n, saved[(b * 4 * hidden) + (2 * hidden) + j], "n");
            }
        }

        // Backward against the double formulas, from the saved values.
        float[] carry = Random(5, batch * hidden, 1f), carry0 = (float[])carry.Clone();
        float[] dy = Random(6, batch * ld, 1f);
        var dg = new float[batch * 4 * hidden];
        GruGates.BackwardResetAfter(dg, carry, saved, prev, dy, ld, lengths, 2, batch, hidden);
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < hidden; j++)
            {
                int k = b * 4 * hidden;
                if (b == 1)
                {
                    Assert.Equal(0f, dg[k + j]);
                    Assert.Equal(carry0[(b * hidden) + j], carry[(b * hidden) + j]);
                    continue;
                }

                double dh = carry0[(b * hidden) + j] + (double)dy[(b * ld) + j];
                double r = saved[k + j], z = saved[k + hidden + j], n = saved[k + (2 * hidden) + j], hn = saved[k + (3 * hidden) + j];
                double an = dh * (1 - z) * (1 - (n * n));
                Close(an * hn * r * (1 - r), dg[k + j], "a_r");
                Close(dh * (prev[(b * hidden) + j] - n) * z * (1 - z), dg[k + hidden + j], "a_z");
                Close(an * r, dg[k + (2 * hidden) + j], "a_n r");
                Close(an, dg[k + (3 * hidden) + j], "a_n");
                Close(dh * z, carry[(b * hidden) + j], "carry");
            }
        }
    }

    [Theory]
    [InlineData(37)]
    [InlineData(5)]
    public void GruResetBeforePassesMatchDoubleReference(int hidden)
    {
        const int batch = 2;
        float[] gx = Random(11, batch * 3 * hidden, 3f), gh = Random(12, batch * 2 * hidden, 3f), bias = Random(13, 3 * hidden, 1f);
        float[] state = Random(14, batch * hidden, 1f), prev = (float[])state.Clone();
        var reset = new float[batch * hidden];
        var saved = new float[batch * 4 * hidden];
        GruGates.ForwardResetBeforeGates(reset, saved, state, gx, 3 * hidden, gh, bias, [], 0, batch, hidden);
        float[] product = Random(15, batch * hidden, 2f);
        var output = new float[batch * hidden];
        GruGates.ForwardResetBeforeOutput(output, hidden, state, saved, gx, 3 * hidden, product, reset, bias, true, [], 0, batch, hidden);
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < hidden; j++)
            {
                int g = b * 3 * hidden, k = b * 4 * hidden;
                double r = Sig(gx[g + j] + (double)gh[(b * 2 * hidden) + j] + bias[j]);
                double z = Sig(gx[g + hidden + j] + (double)gh[(b * 2 * hidden) + hidden + j] + bias[hidden + j]);
                double n = Math.Tanh(gx[g + (2 * hidden) + j] + (double)product[(b * hidden) + j] + bias[(2 * hidden) + j]);
                Close(r * prev[(b * hidden) + j], reset[(b * hidden) + j], "r h");
                Close(r * prev[(b * hidden) + j], saved[k + (3 * hidden) + j], "saved r h");
                Close(z, saved[k + hidden + j], "z");
                Close(((1 - z) * n) + (z * prev[(b * hidden) + j]), output[(b * hidden) + j], "h");
            }
        }

        float[] carry = Random(16, batch * hidden, 1f), carry0 = (float[])carry.Clone();
        var dg = new float[batch * 3 * hidden];
        GruGates.BackwardResetBeforeOutput(dg, carry, saved, prev, [], 0, [], 0, batch, hidden);
        float[] dr = Random(17, batch * hidden, 1f);
        GruGates.BackwardResetBeforeReset(dg, carry, saved, prev, dr, [], 0, batch, hidden);
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < hidden; j++)
            {
                int k = b * 4 * hidden, g = b * 3 * hidden;
                double dh = carry0[(b * hidden) + j];
                double r = saved[k + j], z = saved[k + hidden + j], n = saved[k + (2 * hidden) + j], hp = prev[(b * hidden) + j];
                Close(dh * (1 - z) * (1 - (n * n)), dg[g + (2 * hidden) + j], "a_n");
                Close(dh * (hp - n) * z * (1 - z), dg[g + hidden + j], "a_z");
                Close(dr[(b * hidden) + j] * hp * r * (1 - r), dg[g + j], "a_r");
                Close((dh * z) + (dr[(b * hidden) + j] * r), carry[(b * hidden) + j], "carry");
            }
        }
    }

    [Theory]
    [InlineData(37, false)]
    [InlineData(37, true)]
    [InlineData(3, false)]
    public void RnnStepMatchesDoubleReference(int hidden, bool relu)
    {
        const int batch = 3;
        float[] gx = Random(21, batch * hidden, 2f), gh = Random(22, batch * hidden, 2f), bias = Random(23, hidden, 1f);
        var state = new float[batch * hidden];
        var output = new float[batch * hidden];
        RnnGates.Forward(output, hidden, state, gx, hidden, gh, bias, relu, [], 0, batch, hidden);
        float[] carry = Random(24, batch * hidden, 1f), carry0 = (float[])carry.Clone();
        float[] dy = Random(25, batch * hidden, 1f);
        var dg = new float[batch * hidden];
        RnnGates.Backward(dg, carry, output, hidden, dy, hidden, relu, [1, 2, 1], 1, batch, hidden);
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < hidden; j++)
            {
                int i = (b * hidden) + j;
                double a = gx[i] + (double)gh[i] + bias[j];
                double h = relu ? Math.Max(a, 0) : Math.Tanh(a);
                Close(h, output[i], "h");
                if (b != 1)
                {
                    Assert.Equal(0f, dg[i]);
                    Assert.Equal(carry0[i], carry[i]);
                    continue;
                }

                double dh = carry0[i] + (double)dy[i];
                Close(relu ? (h > 0 ? dh : 0) : dh * (1 - (h * h)), dg[i], "dG");
                Assert.Equal(0f, carry[i]);
            }
        }
    }

    private static double Sig(double v) => 1 / (1 + Math.Exp(-v));

    private static void Close(double expected, float actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-6 + (2e-6 * Math.Abs(expected)), $"{what}: {actual:R} vs {expected:R}");

    private static float[] Random(ulong seed, int n, float scale) => Tensor.Uniform(seed, -scale, scale, n).ToArray();
}
