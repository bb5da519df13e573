using Recur.Cli;
using Xunit;

namespace Recur.Tests.Cli;

public sealed class CliReportTests
{
    [Fact]
    public void TrainReportAndReportCommandWriteTheCharts()
    {
        using var dir = new CliRunner();
        string data = dir.Write("series.csv", SyntheticData.MonthlySeries());
        string model = dir.PathOf("m.recur");
        string report = dir.PathOf("reports/train.html");
        CliResult train = CliRunner.Run("train", "--data", data, "--task", "forecast", "--target", "sales", "--out", model, "--lookback", "6",
            "--epochs", "3", "--hidden", "4", "--report", report);
        Assert.True(train.Code == 0, train.ToString());
        string html = File.ReadAllText(report);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Learning curves", html, StringComparison.Ordinal);
        Assert.Contains("sales: actual and forecast", html, StringComparison.Ordinal);
        Assert.Contains("seasonal naive (12)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        string again = dir.PathOf("model.html");
        Assert.Equal(0, CliRunner.Run("report", "--model", model, "--data", data, "--out", again).Code);
        Assert.Contains("sales: actual and forecast", File.ReadAllText(again), StringComparison.Ordinal);

        string sequences = dir.Write("seqs.csv", SyntheticData.LongSequences(splitColumn: true));
        string classifier = dir.PathOf("c.recur");
        string classReport = dir.PathOf("c.html");
        CliResult classify = CliRunner.Run("train", "--data", sequences, "--task", "classify", "--id", "seq", "--out", classifier, "--epochs", "2", "--hidden", "4", "--report", classReport);
        Assert.True(classify.Code == 0, classify.ToString());
        string classHtml = File.ReadAllText(classReport);
        Assert.Contains("Confusion matrix", classHtml, StringComparison.Ordinal);
        Assert.Contains("macro-F1", classHtml, StringComparison.Ordinal);

        Assert.Equal(Program.ExitModelFile, CliRunner.Run("report", "--model", dir.PathOf("none.recur"), "--data", data, "--out", dir.PathOf("x.html")).Code);
    }
}
