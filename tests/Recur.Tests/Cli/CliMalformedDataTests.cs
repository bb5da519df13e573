using Recur.Cli;
using Xunit;

namespace Recur.Tests.Cli;

public sealed class CliMalformedDataTests
{
    private const string Forecast = "forecast";
    private const string Long = "long";
    private const string Wide = "wide";

    /// <summary>Malformed files: the exit code is 3 and the one-line message names the line and the column.</summary>
    [Theory]
    [InlineData("non-numeric", Forecast, "t,y\n1,2\n2,abc\n3,4\n", 3, "'y'")]
    [InlineData("too many cells", Forecast, "t,y\n1,2\n2,3,4\n3,4\n", 3, "#3")]
    [InlineData("too few cells", Forecast, "t,y\n1,2\n2\n3,4\n", 3, "'y'")]
    [InlineData("NaN", Forecast, "t,y\n1,2\n2,NaN\n3,4\n", 3, "'y'")]
    [InlineData("infinity", Forecast, "t,y\n1,2\n2,Infinity\n3,4\n", 3, "'y'")]
    [InlineData("float overflow", Forecast, "t,y\n1,2\n2,1e39\n3,4\n", 3, "'y'")]
    [InlineData("missing value", Forecast, "t,y\n1,2\n2,\n3,4\n", 3, "'y'")]
    [InlineData("duplicated column", Forecast, "t,y,y\n1,2,3\n", 1, "'y'")]
    [InlineData("unknown target", Forecast, "t,x\n1,2\n2,3\n", 1, "'y'")]
    [InlineData("label changes", Long, "id,label,step,f\na,1,1,0.5\na,2,2,0.6\nb,2,1,0.1\n", 3, "'label'")]
    [InlineData("non-integer step", Long, "id,label,step,f\na,1,1,0.5\na,1,2.5,0.6\n", 3, "'step'")]
    [InlineData("duplicate step", Long, "id,label,step,f\na,1,1,0.5\na,1,1,0.6\n", 3, "'step'")]
    [InlineData("bad split value", Long, "id,label,step,split,f\na,1,1,train,0.5\nb,1,1,valid,0.6\n", 3, "'split'")]
    [InlineData("empty id", Long, "id,label,step,f\na,1,1,0.5\n,1,1,0.6\n", 3, "'id'")]
    [InlineData("empty label", Long, "id,label,step,f\na,1,1,0.5\na,,2,0.6\n", 3, "'label'")]
    [InlineData("non-numeric feature", Long, "id,label,step,f,g\na,1,1,0.5,1\na,1,2,zz,2\n", 3, "'f'")]
    [InlineData("unknown feature", Long, "id,label,step,f\na,1,1,0.5\n", 1, "'nope'")]
    [InlineData("gap in a wide row", Wide, "label,s1,s2,s3\n1,0.5,,0.7\n2,0.1,0.2,0.3\n", 2, "'s2'")]
    [InlineData("duplicate wide id", Wide, "id,label,s1,s2\nx,1,0.5,0.6\nx,2,0.1,0.2\n", 3, "'id'")]
    [InlineData("non-numeric wide cell", Wide, "label,s1,s2\n1,0.5,0.6\n2,0.1,x\n", 3, "'s2'")]
    public void MalformedFileIsADataErrorNamingLineAndColumn(string name, string kind, string content, int line, string column)
    {
        using var dir = new CliRunner();
        string data = dir.Write(name.Replace(' ', '_') + ".csv", content);
        string[] args = kind switch
        {
            Forecast => ["train", "--data", data, "--task", "forecast", "--target", "y", "--out", dir.PathOf("m.recur")],
            Long when name == "unknown feature" => ["train", "--data", data, "--task", "classify", "--id", "id", "--step", "step", "--features", "nope", "--out", dir.PathOf("m.recur")],
            Long => ["train", "--data", data, "--task", "classify", "--id", "id", "--step", "step", "--out", dir.PathOf("m.recur")],
            _ => ["train", "--data", data, "--task", "classify", "--layout", "wide", "--out", dir.PathOf("m.recur")],
        };

        CliResult result = CliRunner.Run(args);
        Assert.True(result.Code == Program.ExitData, result.ToString());
        string message = result.Error.Trim();
        Assert.Single(message.Split('\n'));
        Assert.Contains($"line {line}", message, StringComparison.Ordinal);
        Assert.Contains("column " + column, message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(data), message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Recur.", message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Output.Split("\n"), l => l.StartsWith("epoch", StringComparison.Ordinal));
        Assert.False(File.Exists(dir.PathOf("m.recur")));
    }

    [Fact]
    public void UnknownColumnListsTheColumnsThatExist()
    {
        using var dir = new CliRunner();
        string data = dir.Write("d.csv", "t,x,z\n1,2,3\n");
        CliResult result = CliRunner.Run("train", "--data", data, "--task", "forecast", "--target", "y", "--out", dir.PathOf("m.recur"));
        Assert.Equal(Program.ExitData, result.Code);
        Assert.Contains("'x'", result.Error, StringComparison.Ordinal);
        Assert.Contains("'z'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyOrMissingFileIsADataError()
    {
        using var dir = new CliRunner();
        Assert.Equal(Program.ExitData, CliRunner.Run("train", "--data", dir.Write("e.csv", ""), "--task", "forecast", "--target", "y", "--out", dir.PathOf("m.recur")).Code);
        Assert.Equal(Program.ExitData, CliRunner.Run("train", "--data", dir.PathOf("none.csv"), "--task", "forecast", "--target", "y", "--out", dir.PathOf("m.recur")).Code);
    }

    [Fact]
    public void TooFewRowsForTheWindowsIsADataError()
    {
        using var dir = new CliRunner();
        string data = dir.Write("short.csv", "t,y\n" + string.Join('\n', Enumerable.Range(1, 30).Select(i => $"{i},{i * 1.5}")) + "\n");
        CliResult result = CliRunner.Run("train", "--data", data, "--task", "forecast", "--target", "y", "--lookback", "40", "--out", dir.PathOf("m.recur"));
        Assert.True(result.Code == Program.ExitData, result.ToString());
        Assert.Contains("too few rows", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluationDataMissingAModelColumnIsADataError()
    {
        using var dir = new CliRunner();
        string data = dir.Write("series.csv", SyntheticData.MonthlySeries());
        string model = dir.PathOf("m.recur");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--task", "forecast", "--target", "sales", "--out", model, "--lookback", "6", "--epochs", "1", "--hidden", "2").Code);
        string other = dir.Write("other.csv", "month,sales\n2000-01,1\n2000-02,2\n");
        CliResult result = CliRunner.Run("evaluate", "--model", model, "--data", other);
        Assert.Equal(Program.ExitData, result.Code);
        Assert.Contains("price", result.Error, StringComparison.Ordinal);
    }
}
