using Xunit;
using Xunit.Abstractions;

namespace Recur.Tests.Kernels;

/// <summary>
/// Sigmoid, Tanh, Exp, Relu, Softsign and HardSigmoid against their double-precision twins, at every length 0..256 and
/// span offsets 0..3 (so the Vector512 body, the Vector256 step and the scalar tail all run, aligned and not).
/// </summary>
public sealed class ElementwiseKernelTests(ITestOutputHelper output)
{
    private const float Sentinel = 12345.5f;
    private const int MaxLength = 256;

    public static TheoryData<string> Kernels => UnaryKernelCase.Names;

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Forward_EveryLengthAndOffset_MatchesReference(string name)
    {
        UnaryKernelCase k = UnaryKernelCase.All[name];
        double worst = 0;
        for (int n = 0; n <= MaxLength; n++)
        {
            for (int offset = 0; offset < 4; offset++)
            {
                float[] values = KernelInputs.Values(n, seed: (n * 4) + offset);
                float[] xa = KernelInputs.Padded(values, offset, Sentinel);
                float[] ya = KernelInputs.Padded(new float[n], (offset + 1) % 4, Sentinel);
                int yOffset = (offset + 1) % 4;
                k.Forward(ya.AsSpan(yOffset, n), xa.AsSpan(offset, n));
                for (int i = 0; i < n; i++)
                {
                    double expected = k.Reference(values[i]);
                    double actual = ya[yOffset + i];
                    worst = Math.Max(worst, CheckClose(k, n, offset, i, values[i], expected, actual));
                }

                AssertPaddingIntact(ya, yOffset, n);
            }
        }

        output.WriteLine($"{name} forward: max error relative to tolerance {worst:F3}");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Backward_EveryLengthAndOffset_AccumulatesReferenceGradient(string name)
    {
        UnaryKernelCase k = UnaryKernelCase.All[name];
        double worstAbs = 0;
        for (int n = 0; n <= MaxLength; n++)
        {
            for (int offset = 0; offset < 4; offset++)
            {
                float[] x = KernelInputs.Values(n, seed: 1000 + (n * 4) + offset);
                float[] y = new float[n];
                k.Forward(y, x);
                float[] dy = KernelInputs.Uniform(n, seed: 2000 + n + offset, -2, 2);
                float[] dx0 = KernelInputs.Uniform(n, seed: 3000 + n + offset, -1, 1);
                float[] xa = KernelInputs.Padded(x, offset, Sentinel);
                float[] ya = KernelInputs.Padded(y, (offset + 1) % 4, Sentinel);
                float[] dya = KernelInputs.Padded(dy, (offset + 2) % 4, Sentinel);
                float[] dxa = KernelInputs.Padded(dx0, (offset + 3) % 4, Sentinel);
                int dxOffset = (offset + 3) % 4;
                k.Backward(dxa.AsSpan(dxOffset, n), xa.AsSpan(offset, n), ya.AsSpan((offset + 1) % 4, n), dya.AsSpan((offset + 2) % 4, n));
                for (int i = 0; i < n; i++)
                {
                    double term = (double)dy[i] * k.ReferenceDerivative(x[i], y[i]);
                    double expected = dx0[i] + term;
                    double actual = dxa[dxOffset + i];
                    if (float.IsInfinity((float)expected))
                    {
                        Assert.Equal((float)expected, (float)actual);
                        continue;
                    }

                    double error = Math.Abs(actual - expected);
                    double tolerance = (k.BackwardRelative * (Math.Abs(dx0[i]) + Math.Abs(term))) + 1e-38;
                    if (!(error <= tolerance))
                    {
                        Assert.Fail($"{name} backward n={n} offset={offset} i={i} x={x[i]:R} y={y[i]:R} dy={dy[i]:R}: expected {expected:R}, got {actual:R} (error {error:E3} > {tolerance:E3})");
                    }
                    worstAbs = Math.Max(worstAbs, error / (Math.Abs(dx0[i]) + Math.Abs(term) + 1e-300));
                }

                AssertPaddingIntact(dxa, dxOffset, n);
            }
        }

        output.WriteLine($"{name} backward: max error / (|dx0| + |dy·f'|) = {worstAbs:E3}");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Forward_InPlace_EqualsOutOfPlace(string name)
    {
        UnaryKernelCase k = UnaryKernelCase.All[name];
        for (int n = 0; n <= MaxLength; n += n < 48 ? 1 : 13)
        {
            float[] x = KernelInputs.Values(n, seed: 5000 + n);
            float[] expected = new float[n];
            k.Forward(expected, x);
            k.Forward(x, x);
            AssertBitwiseEqual(expected, x, $"{name} in place, n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Forward_EveryPath_GivesBitIdenticalResults(string name)
    {
        // Length 256 runs Vector512 only, slices of length 8 run Vector256 only, length 1 runs the scalar tail.
        UnaryKernelCase k = UnaryKernelCase.All[name];
        float[] x = KernelInputs.Values(MaxLength, seed: 6000);
        float[] wide = new float[MaxLength];
        k.Forward(wide, x);
        float[] narrow = new float[8];
        float[] single = new float[1];
        for (int i = 0; i < MaxLength; i++)
        {
            k.Forward(single, x.AsSpan(i, 1));
            AssertBitwiseEqual([wide[i]], single, $"{name} scalar vs Vector512 at x={x[i]:R}");
            if (i % 8 == 0)
            {
                k.Forward(narrow, x.AsSpan(i, 8));
                AssertBitwiseEqual(wide.AsSpan(i, 8).ToArray(), narrow, $"{name} Vector256 vs Vector512 at {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Forward_SpecialValues_GiveLimits(string name)
    {
        (float X, float Expected)[] cases = name switch
        {
            "Sigmoid" => [(float.PositiveInfinity, 1f), (float.NegativeInfinity, 0f), (float.NaN, float.NaN), (0f, 0.5f), (float.MaxValue, 1f), (-float.MaxValue, 0f), (float.Epsilon, 0.5f), (-200f, 0f), (200f, 1f)],
            "Tanh" => [(float.PositiveInfinity, 1f), (float.NegativeInfinity, -1f), (float.NaN, float.NaN), (0f, 0f), (-0f, -0f), (float.MaxValue, 1f), (-float.MaxValue, -1f), (float.Epsilon, float.Epsilon), (-1e-30f, -1e-30f)],
            "Exp" => [(float.PositiveInfinity, float.PositiveInfinity), (float.NegativeInfinity, 0f), (float.NaN, float.NaN), (0f, 1f), (-0f, 1f), (float.MaxValue, float.PositiveInfinity), (-float.MaxValue, 0f), (89f, float.PositiveInfinity), (-110f, 0f)],
            "Relu" => [(float.PositiveInfinity, float.PositiveInfinity), (float.NegativeInfinity, 0f), (float.NaN, float.NaN), (-0f, 0f), (float.MaxValue, float.MaxValue), (float.Epsilon, float.Epsilon), (-float.Epsilon, 0f)],
            "Softsign" => [(float.PositiveInfinity, 1f), (float.NegativeInfinity, -1f), (float.NaN, float.NaN), (0f, 0f), (-0f, -0f), (float.MaxValue, 1f), (-float.MaxValue, -1f)],
            "HardSigmoid" => [(float.PositiveInfinity, 1f), (float.NegativeInfinity, 0f), (float.NaN, float.NaN), (0f, 0.5f), (2.5f, 1f), (-2.5f, 0f), (float.MaxValue, 1f), (-float.MaxValue, 0f)],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown kernel"),
        };
        UnaryKernelCase k = UnaryKernelCase.All[name];
        foreach ((float x, float expected) in cases)
        {
            // Position 3 is in the Vector512 body, 20 in the Vector256 step, 25 in the scalar tail of a length-27 span.
            foreach (int position in new[] { 3, 20, 25 })
            {
                float[] xs = new float[27];
                Array.Fill(xs, 0.25f);
                xs[position] = x;
                float[] ys = new float[27];
                k.Forward(ys, xs);
                AssertBitwiseEqual([expected], [ys[position]], $"{name}({x:R}) at position {position}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void LengthMismatch_ThrowsArgumentExceptionNamingTheSpan(string name)
    {
        UnaryKernelCase k = UnaryKernelCase.All[name];
        float[] four = new float[4];
        float[] three = new float[3];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => k.Forward(three, four)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => k.Backward(four, three, four, four)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => k.Backward(four, four, three, four)).ParamName);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => k.Backward(four, four, four, three)).ParamName);
    }

    [Fact]
    public void ReluAndHardSigmoidBackward_DoNotLeakNonFiniteGradientWhereFlat()
    {
        float[] x = [-1f, 0f, -3f, 3f];
        float[] y = new float[4];
        float[] dy = [float.NaN, float.PositiveInfinity, float.NaN, float.NaN];
        float[] dx = [1f, 2f, 3f, 4f];
        Recur.Kernels.Relu.Backward(dx, x, y, dy);
        Assert.Equal(new float[] { 1f, 2f, 3f }, dx[..3]);
        Assert.True(float.IsNaN(dx[3]));
        dx = [1f, 2f, 3f, 4f];
        Recur.Kernels.HardSigmoid.Backward(dx, x, y, dy);
        Assert.True(float.IsNaN(dx[0]));
        Assert.Equal(float.PositiveInfinity, dx[1]);
        Assert.Equal(new float[] { 3f, 4f }, dx[2..]);
    }

    private static double CheckClose(UnaryKernelCase k, int n, int offset, int i, float x, double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected) || (float)expected is float.PositiveInfinity or float.NegativeInfinity)
        {
            if (!(((float)expected).Equals((float)actual)))
            {
                Assert.Fail($"{k.Name} n={n} offset={offset} i={i} x={x:R}: expected {(float)expected:R}, got {actual:R}");
            }
            return 0;
        }

        double error = Math.Abs(actual - expected);
        double tolerance = (k.ForwardRelative * Math.Abs(expected)) + k.ForwardAbsolute;
        if (!(error <= tolerance))
        {
            Assert.Fail($"{k.Name} n={n} offset={offset} i={i} x={x:R}: expected {expected:R}, got {actual:R} (error {error:E3} > tolerance {tolerance:E3})");
        }
        return tolerance == 0 ? 0 : error / tolerance;
    }

    private static void AssertPaddingIntact(float[] padded, int offset, int n)
    {
        for (int i = 0; i < padded.Length; i++)
        {
            if (i < offset || i >= offset + n)
            {
                Assert.Equal(Sentinel, padded[i]);
            }
        }
    }

    private static void AssertBitwiseEqual(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i])
                || (float.IsNaN(expected[i]) && float.IsNaN(actual[i]));
            if (!(same))
            {
                Assert.Fail($"{what}: element {i}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }
}
