using Recur.Kernels;
using Xunit;

namespace Recur.Tests.Kernels;

/// <summary>The fused LSTM gate passes (vector lanes and scalar tail) against a plain float64 re-implementation.</summary>
public sealed class LstmGatesTests
{
    public static TheoryData<bool, bool, float, bool, bool> Variants => new()
    {
        { false, false, 0f, false, false },
        { false, true, 0f, false, false },
        { true, false, 0f, false, false },
        { true, true, 0.4f, false, false },
        { false, true, 0.3f, true, false },
        { false, false, 0f, false, true },
        { true, true, 0.5f, true, true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void MatchFloat64Reference(bool coupled, bool peep, float clip, bool hard, bool softsign)
    {
        const int rows = 3;
        foreach (int h in new[] { 1, 16, 35 })
        {
            int gc = coupled ? 3 : 4;
            int ldg = (gc * h) + 5; // a row stride wider than the gates
            float[] pre = Uniform(1, rows * ldg, -3f, 3f);
            float[] cPrev = Uniform(2, rows * h, -1.5f, 1.5f);
            float[] pi = peep ? Uniform(3, h, -1f, 1f) : [];
            float[] pf = peep && !coupled ? Uniform(4, h, -1f, 1f) : [];
            float[] po = peep ? Uniform(5, h, -1f, 1f) : [];
            float[] dm = Uniform(6, rows * h, -1f, 1f);
            float[] dcIn = Uniform(7, rows * h, -1f, 1f);

            float[] gates = (float[])pre.Clone();
            float[] c = (float[])cPrev.Clone();
            float[] m = new float[rows * h];
            float[] cPre = new float[rows * h];
            LstmGates.Forward(gates, c, m, cPre, pi, pf, po, rows, h, ldg, coupled, clip, hard, softsign);

            float[] dGates = new float[rows * ldg];
            float[] dc = (float[])dcIn.Clone();
            float[] dpi = new float[pi.Length];
            float[] dpf = new float[pf.Length];
            float[] dpo = new float[po.Length];
            LstmGates.Backward(dGates, dc, dpi, dpf, dpo, gates, cPre, cPrev, dm, pi, pf, po, rows, h, ldg, coupled, clip, hard, softsign);

            double[] rdpi = new double[h];
            double[] rdpf = new double[h];
            double[] rdpo = new double[h];
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < h; j++)
                {
                    double G(double x) => hard ? Math.Clamp((0.2 * x) + 0.5, 0, 1) : 1 / (1 + Math.Exp(-x));
                    double Gd(double x) => hard ? (x > -2.5 && x < 2.5 ? 0.2 : 0) : G(x) * (1 - G(x));
                    double S(double x) => softsign ? x / (1 + Math.Abs(x)) : Math.Tanh(x);
                    double Sd(double x) => softsign ? 1 / ((1 + Math.Abs(x)) * (1 + Math.Abs(x))) : 1 - (Math.Tanh(x) * Math.Tanh(x));
                    int gb = r * ldg;
                    int gOff = coupled ? h : 2 * h;
                    int oOff = coupled ? 2 * h : 3 * h;
                    double cp = cPrev[(r * h) + j];
                    double ai = pre[gb + j] + (peep ? pi[j] * cp : 0);
                    double af = coupled ? 0 : pre[gb + h + j] + (peep ? pf[j] * cp : 0);
                    double ag = pre[gb + gOff + j];
                    double iv = G(ai);
                    double fv = coupled ? 1 - iv : G(af);
                    double gv = S(ag);
                    double cu = (fv * cp) + (iv * gv);
                    bool clipped = clip > 0 && Math.Abs(cu) > clip;
                    double cv = clip > 0 ? Math.Clamp(cu, -clip, clip) : cu;
                    double ao = pre[gb + oOff + j] + (peep ? po[j] * cv : 0);
                    double ov = G(ao);
                    double mv = ov * S(cv);
                    Near(mv, m[(r * h) + j], 2e-6, "m");
                    Near(cv, c[(r * h) + j], 2e-6, "c");
                    Near(iv, gates[gb + j], 2e-6, "i");
                    Near(ov, gates[gb + oOff + j], 2e-6, "o");

                    double dmj = dm[(r * h) + j];
                    double dAo = dmj * S(cv) * Gd(ao);
                    double dcc = dcIn[(r * h) + j] + (dmj * ov * Sd(cv)) + (peep ? dAo * po[j] : 0);
                    if (peep)
                    {
                        rdpo[j] += dAo * cv;
                    }

                    if (clipped)
                    {
                        dcc = 0;
                    }

                    double dAi = coupled ? dcc * (gv - cp) * Gd(ai) : dcc * gv * Gd(ai);
                    double dAf = coupled ? 0 : dcc * cp * Gd(af);
                    double dAg = dcc * iv * Sd(ag);
                    double dcp = (dcc * fv) + (peep ? (dAi * pi[j]) + (coupled ? 0 : dAf * pf[j]) : 0);
                    if (peep)
                    {
                        rdpi[j] += dAi * cp;
                        if (!coupled)
                        {
                            rdpf[j] += dAf * cp;
                        }
                    }

                    Near(dAi, dGates[gb + j], 1e-5, "dA_i");
                    if (!coupled)
                    {
                        Near(dAf, dGates[gb + h + j], 1e-5, "dA_f");
                    }

                    Near(dAg, dGates[gb + gOff + j], 1e-5, "dA_g");
                    Near(dAo, dGates[gb + oOff + j], 1e-5, "dA_o");
                    Near(dcp, dc[(r * h) + j], 1e-5, "dc_prev");
                }
            }

            for (int j = 0; peep && j < h; j++)
            {
                Near(rdpi[j], dpi[j], 1e-5, "dp_i");
                Near(rdpo[j], dpo[j], 1e-5, "dp_o");
                if (!coupled)
                {
                    Near(rdpf[j], dpf[j], 1e-5, "dp_f");
                }
            }
        }
    }

    private static void Near(double expected, float actual, double tol, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tol * (1 + Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    private static float[] Uniform(ulong seed, int n, float lo, float hi)
    {
        var v = new float[n];
        CounterRandom.FillUniform(v, seed, 0, lo, hi);
        return v;
    }
}
