using Recur.Data;
using Recur.Tests.IO;
using Xunit;

namespace Recur.Tests.Data;

/// <summary>Column selection and missing-value fills of <see cref="TimeSeriesCsv"/>.</summary>
public sealed class TimeSeriesCsvTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string content)
    {
        string path = _dir.File(Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void DefaultFeaturesAreTheNumericColumnsTargetIncludedTextColumnsSkipped()
    {
        string path = Write("date,station,temp,hum,y\n2000-01-01,A,1.5,30,10\n2000-01-02,A,2.5,31,11\n");
        var table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["y"] });
        Assert.Equal("date", table.TimeColumn);
        Assert.Equal(["temp", "hum", "y"], table.ColumnNames);
        Assert.Equal(["temp", "hum", "y"], table.FeatureColumns);
        Assert.Equal([2], table.TargetIndices);
        Assert.Equal([0, 1, 2], table.FeatureIndices);
        Assert.Equal(2.5f, table.Values[1, 0]);
        Assert.Equal(31f, table.Values[1, 1]);
        Assert.Equal(11f, table.Values[1, 2]);
    }

    [Fact]
    public void ExplicitFeaturesKeepTheirOrderAndTargetsAreLoadedBesideThem()
    {
        string path = Write("a,b,c\n1,2,3\n4,5,6\n");
        var table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["a"], FeatureColumns = ["c", "b"] });
        Assert.Null(table.TimeColumn); // the first column is numeric: no time column detected
        Assert.Null(table.TimeValues);
        Assert.Equal(["a", "b", "c"], table.ColumnNames);
        Assert.Equal([2, 1], table.FeatureIndices);
        Assert.Equal([0], table.TargetIndices);
    }

    [Fact]
    public void ColumnNamesMatchIgnoringCaseWhenThereIsNoExactMatch()
    {
        string path = Write("Date,Passengers\n1949-01,112\n");
        var table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["passengers"], TimeColumn = "date" });
        Assert.Equal(["Passengers"], table.TargetColumns);
        Assert.Equal("Date", table.TimeColumn);
    }

    [Fact]
    public void QuotedCellsWhitespaceAndSemicolonDelimiter()
    {
        string path = Write("\"date\" ; \"y\"\n\"2000-01\" ;  1.5 \n2000-02;\"-2e1\"\n");
        var table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["y"], Delimiter = ';' });
        Assert.Equal([1.5f, -20f], table.Column("y"));
        Assert.Equal(["2000-01", "2000-02"], table.TimeValues);
    }

    [Theory]
    [InlineData(MissingValuePolicy.Forward, new[] { 1f, 1f, 1f, 4f, 4f, 6f, 6f })]
    [InlineData(MissingValuePolicy.Linear, new[] { 1f, 1f, 2.5f, 4f, 5f, 6f, 6f })]
    [InlineData(MissingValuePolicy.Zero, new[] { 0f, 1f, 0f, 4f, 0f, 6f, 0f })]
    public void MissingValueFills(MissingValuePolicy policy, float[] expected)
    {
        // Leading gap, inner gaps of one, trailing gap.
        string path = Write("t,y\nd1,\nd2,1\nd3,\nd4,4\nd5,\nd6,6\nd7,\n");
        var table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["y"], Missing = policy });
        Assert.Equal(expected, table.Column("y"));
        Assert.Equal(4, table.FilledCount);
    }

    [Fact]
    public void LinearFillInterpolatesAcrossALongGap()
    {
        string path = Write("t,y,x\nd1,0,1\nd2,,1\nd3,,1\nd4,,1\nd5,10,1\n");
        var table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["y"], Missing = MissingValuePolicy.Linear });
        Assert.Equal([0f, 2.5f, 5f, 7.5f, 10f], table.Column("y"));
        Assert.Equal([1f, 1f, 1f, 1f, 1f], table.Column("x"));
    }

    [Fact]
    public void SliceKeepsLinesAndTimeValues()
    {
        string path = Write("t,y\nd1,1\nd2,2\nd3,3\nd4,4\n");
        var table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["y"] }).Slice(1, 2);
        Assert.Equal([2f, 3f], table.Column("y"));
        Assert.Equal(["d2", "d3"], table.TimeValues);
        Assert.Equal([3, 4], table.Lines);
    }

    [Fact]
    public void OptionsWithoutTargetOrWithARepeatedNameAreArgumentErrors()
    {
        string path = Write("t,y\nd1,1\n");
        var none = Assert.Throws<ArgumentException>(() => TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = [] }));
        Assert.Contains("TargetColumns", none.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(() => TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["y", "y"] }));
        Assert.Contains("'y' appears twice", twice.Message, StringComparison.Ordinal);
    }
}
