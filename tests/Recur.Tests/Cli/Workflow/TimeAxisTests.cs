using Recur.Cli.Workflow;
using Xunit;

namespace Recur.Tests.Cli.Workflow;

public sealed class TimeAxisTests
{
    [Theory]
    [InlineData(new[] { "1960-11", "1960-12" }, "months", "1961-01", "1961-12")]
    [InlineData(new[] { "1990-12-30", "1990-12-31" }, "days", "1991-01-01", "1991-01-12")]
    [InlineData(new[] { "2020-01-31", "2020-02-29" }, "months", "2020-03-31", "2021-02-28")]
    [InlineData(new[] { "2020-01-15", "2020-04-15" }, "months", "2020-07-15", "2023-04-15")]
    [InlineData(new[] { "2021-03-01", "2021-03-08" }, "days", "2021-03-15", "2021-05-31")]
    [InlineData(new[] { "2021-03-01 10:00:00", "2021-03-01 11:00:00" }, "timespan", "2021-03-01 12:00:00", "2021-03-01 23:00:00")]
    [InlineData(new[] { "10", "15" }, "integer", "20", "75")]
    [InlineData(new[] { "1.5", "2.0" }, "number", "2.5", "8")]
    [InlineData(new[] { "Q1", "Q2" }, "none", "+1", "+12")]
    public void ContinuesTheColumn(string[] values, string kind, string first, string twelfth)
    {
        TimeAxis axis = TimeAxis.Detect(values);
        Assert.Equal(kind, axis.Kind);
        Assert.Equal(first, axis.After(1));
        Assert.Equal(twelfth, axis.After(12));
    }

    [Fact]
    public void NoColumnCountsSteps()
    {
        Assert.Equal("none", TimeAxis.Detect(null).Kind);
        Assert.Equal("+3", TimeAxis.Detect([]).After(3));
    }
}
