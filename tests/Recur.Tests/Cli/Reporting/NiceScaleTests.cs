using Recur.Cli.Reporting;
using Xunit;

namespace Recur.Tests.Cli.Reporting;

/// <summary>Nice axis ticks against hand-worked Heckbert examples and properties over random ranges.</summary>
public sealed class NiceScaleTests
{
    [Theory]
    [InlineData(0.7, true, 0.5)]
    [InlineData(1.4, true, 1)]
    [InlineData(1.6, true, 2)]
    [InlineData(3.2, true, 5)]
    [InlineData(7.5, true, 10)]
    [InlineData(94, false, 100)]
    [InlineData(15.8, false, 20)]
    [InlineData(0.03, false, 0.05)]
    [InlineData(2, false, 2)]
    public void NiceNumberRoundsToOneTwoFiveTimesAPowerOfTen(double value, bool round, double expected)
    {
        Assert.Equal(expected, NiceScale.NiceNumber(value, round), 12);
    }

    [Fact]
    public void ZeroToOneStepsByTwoTenths()
    {
        AxisTicks t = NiceScale.Linear(0, 1);

        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], t.Values);
        Assert.Equal(0.2, t.Step, 12);
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1.0"], t.Values.Select(v => NiceScale.FormatTick(v, t)));
    }

    [Fact]
    public void HandWorkedRanges()
    {
        // 3..97: range nice(94) = 100, step nice(100 / 5 = 20) = 20.
        Assert.Equal([0, 20, 40, 60, 80, 100], NiceScale.Linear(3, 97).Values);

        // -3.7..12.1: range nice(15.8) = 20, step nice(4) = 5; the axis widens to -5..15.
        Assert.Equal([-5, 0, 5, 10, 15], NiceScale.Linear(-3.7, 12.1).Values);

        // 0.0012..0.0047: range nice(0.0035) = 0.005, step nice(0.001) = 0.001.
        Assert.Equal([0.001, 0.002, 0.003, 0.004, 0.005], NiceScale.Linear(0.0012, 0.0047).Values);
    }

    [Fact]
    public void ConstantRangeIsWidened()
    {
        AxisTicks five = NiceScale.Linear(5, 5);
        Assert.True(five.Min < 5 && five.Max > 5);
        Assert.True(five.Values.Count >= 3);

        Assert.Equal([-1, -0.5, 0, 0.5, 1], NiceScale.Linear(0, 0).Values);
        Assert.Equal([0, 1, 2], NiceScale.Linear(1, 1, integer: true).Values);
    }

    [Fact]
    public void IntegerModeNeverStepsBelowOne()
    {
        AxisTicks t = NiceScale.Linear(1, 3, maxTicks: 10, integer: true);

        Assert.Equal([1, 2, 3], t.Values);
        Assert.Equal(1, t.Step);
    }

    [Fact]
    public void RandomRangesGiveNiceCoveringTicks()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 2000; trial++)
        {
            double scale = Math.Pow(10, random.Next(-6, 9));
            double a = (random.NextDouble() - 0.3) * scale, b = a + (random.NextDouble() * scale);
            int maxTicks = random.Next(2, 12);
            AxisTicks t = NiceScale.Linear(a, b, maxTicks);

            Assert.True(IsNice(t.Step), $"step {t.Step} for [{a}, {b}] is not 1, 2 or 5 times a power of ten.");
            Assert.True(t.Min <= a && t.Max >= b, $"ticks [{t.Min}, {t.Max}] do not cover [{a}, {b}].");
            Assert.InRange(t.Values.Count, 2, (2 * maxTicks) + 2);
            for (int i = 1; i < t.Values.Count; i++)
            {
                Assert.Equal(t.Step, t.Values[i] - t.Values[i - 1], t.Step * 1e-6);
            }

            foreach (double v in t.Values)
            {
                Assert.Equal(0, Math.Abs(Math.IEEERemainder(v, t.Step)), t.Step * 1e-6);
            }
        }
    }

    [Fact]
    public void LogTicksArePowersOfTen()
    {
        AxisTicks t = NiceScale.Log10(0.0012, 3.4);

        Assert.True(t.IsLog);
        Assert.Equal([0.001, 0.01, 0.1, 1, 10], t.Values);
        Assert.Equal(["0.001", "0.01", "0.1", "1", "10"], t.Values.Select(v => NiceScale.FormatTick(v, t)));
        Assert.Equal(["1e-7", "1e-6", "1e-5"], NiceScale.Log10(2e-7, 9e-6).Values.Select(v => NiceScale.FormatTick(v, NiceScale.Log10(2e-7, 9e-6))));
        Assert.Equal([1, 10], NiceScale.Log10(1, 1).Values); // one decade at least
    }

    [Fact]
    public void LargeValuesGetSuffixes()
    {
        // 0..2.6M: range nice(2.6e6) = 5e6, step nice(1e6) = 1e6.
        AxisTicks t = NiceScale.Linear(0, 2_600_000);
        Assert.Equal(1_000_000, t.Step);
        Assert.Equal(["0", "1M", "2M", "3M"], t.Values.Select(v => NiceScale.FormatTick(v, t)));

        // 0..1.3M: range nice(1.3e6) = 2e6, step nice(4e5) = 5e5.
        AxisTicks half = NiceScale.Linear(0, 1_300_000);
        Assert.Equal(500_000, half.Step);
        Assert.Equal(["0", "0.5M", "1.0M", "1.5M"], half.Values.Select(v => NiceScale.FormatTick(v, half)));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Equal("min", Assert.Throws<ArgumentException>(() => NiceScale.Linear(double.NaN, 1)).ParamName);
        Assert.Equal("max", Assert.Throws<ArgumentException>(() => NiceScale.Linear(2, 1)).ParamName);
        Assert.Equal("maxTicks", Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Linear(0, 1, 1)).ParamName);
        Assert.Equal("min", Assert.Throws<ArgumentException>(() => NiceScale.Log10(0, 1)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.NiceNumber(-1, true)).ParamName);
    }

    /// <summary>True when <paramref name="step"/> is 1, 2 or 5 times a power of ten.</summary>
    internal static bool IsNice(double step)
    {
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        return new[] { 1.0, 2.0, 5.0, 10.0 }.Any(m => Math.Abs(mantissa - m) < 1e-6);
    }
}
