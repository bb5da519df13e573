using System.Globalization;
using System.Text.Json;
using Recur.Cli;
using Xunit;

namespace Recur.Tests.Cli;

public sealed class CliRoundTripTests
{
    private static readonly string[] Fast = ["--epochs", "2", "--hidden", "4", "--batch", "16"];

    private static readonly string[] ForecastKeys =
        ["rmse", "mae", "mape", "smape", "naive_rmse", "naive_mae", "seasonal_naive_rmse", "seasonal_naive_mae"];

    [Fact]
    public void ForecastTrainEvaluatePredictForecastInspect()
    {
        using var dir = new CliRunner();
        string data = dir.Write("series.csv", SyntheticData.MonthlySeries());
        string model = dir.PathOf("m.recur");

        CliResult train = CliRunner.Run([
            "train", "--data", data, "--task", "forecast", "--target", "sales", "--out", model, "--lookback", "6", .. Fast]);
        Assert.True(train.Code == 0, train.ToString());
        Assert.True(File.Exists(model));
        Assert.Contains("epoch 1/2", train.Output, StringComparison.Ordinal);      // plain progress lines
        Assert.Contains("naive (last value)", train.Output, StringComparison.Ordinal);
        Assert.Contains("seasonal naive (season 12", train.Output, StringComparison.Ordinal);

        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json");
        Assert.True(evaluate.Code == 0, evaluate.ToString());
        using (JsonDocument json = JsonDocument.Parse(evaluate.Output))
        {
            foreach (string key in ForecastKeys)
            {
                Assert.True(json.RootElement.GetProperty(key).ValueKind == JsonValueKind.Number, key);
            }

            // One-step-ahead over every window: 96 rows, lookback 6 → 96 − 6 − 1 windows; season 12 detected and saved.
            Assert.Equal(89, json.RootElement.GetProperty("windows").GetInt32());
            Assert.Equal(12, json.RootElement.GetProperty("season").GetInt32());
            Assert.True(json.RootElement.GetProperty("naive_rmse").GetDouble() > 0);
        }

        CliResult withSeason = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json", "--season", "3");
        Assert.Equal(3, JsonDocument.Parse(withSeason.Output).RootElement.GetProperty("season").GetInt32());

        string predictions = dir.PathOf("out/predictions.csv");
        CliResult predict = CliRunner.Run("predict", "--model", model, "--data", data, "--out", predictions);
        Assert.True(predict.Code == 0, predict.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("window,origin_month,sales,sales_actual", lines[0]);
        Assert.Equal(1 + 90, lines.Length);                       // every window, the last one forecasting past the end
        Assert.EndsWith(",", lines[^1], StringComparison.Ordinal); // no actual value after the end
        Assert.StartsWith("90,2007-12,", lines[^1], StringComparison.Ordinal);

        string forecastPath = dir.PathOf("forecast.csv");
        CliResult forecast = CliRunner.Run("forecast", "--model", model, "--data", data, "--steps", "14", "--out", forecastPath);
        Assert.True(forecast.Code == 0, forecast.ToString());
        string[] rows = File.ReadAllLines(forecastPath);
        Assert.Equal("month,sales", rows[0]);
        Assert.Equal(15, rows.Length);
        Assert.StartsWith("2008-01,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("2009-02,", rows[14], StringComparison.Ordinal);
        Assert.All(rows.Skip(1), r => Assert.True(double.IsFinite(double.Parse(r.Split(',')[1], CultureInfo.InvariantCulture))));
        Assert.Contains("price", forecast.Error, StringComparison.Ordinal); // non-target features held: a warning

        CliResult inspect = CliRunner.Run("inspect", "--model", model, "--json");
        Assert.True(inspect.Code == 0, inspect.ToString());
        using (JsonDocument json = JsonDocument.Parse(inspect.Output))
        {
            JsonElement root = json.RootElement;
            Assert.Equal("forecast", root.GetProperty("task").GetString());
            Assert.True(root.GetProperty("parameters").GetInt64() > 0);
            Assert.Equal(6, root.GetProperty("lookback").GetInt32());
            Assert.Equal("sales", root.GetProperty("targets")[0].GetString());
            Assert.Equal(["sales", "price"], root.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).Order().Reverse().ToArray());
            Assert.Equal("zscore", root.GetProperty("normalization").GetProperty("input").GetProperty("kind").GetString());
            Assert.True(root.GetProperty("metrics").TryGetProperty("test_rmse", out _));
            Assert.Equal("series.csv", root.GetProperty("data").GetProperty("file").GetString());
        }

        CliResult text = CliRunner.Run("inspect", "--model", model);
        Assert.Contains("Total params", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainJsonPrintsOneObjectWithTheHeldOutMetrics()
    {
        using var dir = new CliRunner();
        string data = dir.Write("series.csv", SyntheticData.MonthlySeries());
        CliResult train = CliRunner.Run([
            "train", "--data", data, "--task", "forecast", "--target", "sales", "--features", "sales", "--out", dir.PathOf("m.recur"), "--lookback", "6", "--json", .. Fast]);
        Assert.True(train.Code == 0, train.ToString());
        using JsonDocument json = JsonDocument.Parse(train.Output);
        Assert.Equal(2, json.RootElement.GetProperty("epochs").GetInt32());
        Assert.True(json.RootElement.GetProperty("rmse").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("naive_rmse").GetDouble() > 0);
    }

    [Fact]
    public void ClassifyTrainEvaluatePredictInspect()
    {
        using var dir = new CliRunner();
        string data = dir.Write("seqs.csv", SyntheticData.LongSequences(splitColumn: true));
        string model = dir.PathOf("c.recur");

        // The id, label, step and split columns are found by name when not given.
        CliResult train = CliRunner.Run(["train", "--data", data, "--task", "classify", "--id", "seq", "--out", model, .. Fast]);
        Assert.True(train.Code == 0, train.ToString());
        Assert.Contains("step step", train.Output, StringComparison.Ordinal);
        Assert.Contains("10 held out", train.Output, StringComparison.Ordinal);
        Assert.Contains("confusion matrix", train.Output, StringComparison.Ordinal);

        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json");
        Assert.True(evaluate.Code == 0, evaluate.ToString());
        using (JsonDocument json = JsonDocument.Parse(evaluate.Output))
        {
            JsonElement root = json.RootElement;
            Assert.InRange(root.GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.InRange(root.GetProperty("macro_f1").GetDouble(), 0, 1);
            Assert.Equal(10, root.GetProperty("count").GetInt32()); // the test part of the split column
            Assert.Equal(2, root.GetProperty("confusion_matrix").GetArrayLength());
            Assert.Equal(["down", "up"], root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        string predictions = dir.PathOf("p.csv");
        CliResult predict = CliRunner.Run("predict", "--model", model, "--data", data, "--out", predictions);
        Assert.True(predict.Code == 0, predict.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("id,predicted,actual,p_down,p_up", lines[0]);
        Assert.Equal(41, lines.Length);
        foreach (string line in lines.Skip(1))
        {
            string[] cells = line.Split(',');
            double p0 = double.Parse(cells[3], CultureInfo.InvariantCulture), p1 = double.Parse(cells[4], CultureInfo.InvariantCulture);
            Assert.Equal(1.0, p0 + p1, 4);
            Assert.Equal(p1 > p0 ? "up" : "down", cells[1]);
        }

        CliResult inspect = CliRunner.Run("inspect", "--model", model, "--json");
        using (JsonDocument json = JsonDocument.Parse(inspect.Output))
        {
            Assert.Equal("classify", json.RootElement.GetProperty("task").GetString());
            Assert.Equal("bilstm", json.RootElement.GetProperty("model").GetProperty("kind").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("classes").GetArrayLength());
            Assert.Equal(["a", "b"], json.RootElement.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        Assert.Equal(Program.ExitUsage, CliRunner.Run("forecast", "--model", model, "--data", data, "--steps", "3", "--out", dir.PathOf("f.csv")).Code);
    }

    [Fact]
    public void ClassifierLearnsAnEasyTaskAndPredictsUnlabelledData()
    {
        using var dir = new CliRunner();
        string data = dir.Write("seqs.csv", SyntheticData.LongSequences(count: 60));
        string model = dir.PathOf("c.recur");
        CliResult train = CliRunner.Run("train", "--data", data, "--task", "classify", "--id", "seq", "--out", model, "--hidden", "8", "--epochs", "30", "--model", "gru", "--json");
        Assert.True(train.Code == 0, train.ToString());
        using (JsonDocument json = JsonDocument.Parse(train.Output))
        {
            // Rising against falling sequences: the stratified 20 % held out is classified without error.
            Assert.Equal(12, json.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(1.0, json.RootElement.GetProperty("accuracy").GetDouble());
        }

        string unlabelled = dir.Write("new.csv", "seq,step,a,b\nx,1,1,0.5\nx,2,2,0.5\nx,3,3,0.5\ny,1,-1,0.5\ny,2,-2,0.5\ny,3,-3,0.5\n");
        CliResult predict = CliRunner.Run("predict", "--model", model, "--data", unlabelled, "--out", dir.PathOf("p.csv"));
        Assert.True(predict.Code == 0, predict.ToString());
        string[] lines = File.ReadAllLines(dir.PathOf("p.csv"));
        Assert.Equal("id,predicted,p_down,p_up", lines[0]);
        Assert.StartsWith("x,up,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("y,down,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void WideLayoutWithASeparateTestFile()
    {
        using var dir = new CliRunner();
        string train = dir.Write("train.csv", SyntheticData.WideSequences(30, seed: 3));
        string test = dir.Write("test.csv", SyntheticData.WideSequences(10, seed: 4));
        string model = dir.PathOf("w.recur");
        CliResult result = CliRunner.Run(["train", "--data", train, "--test", test, "--task", "classify", "--layout", "wide", "--out", model, "--model", "lstm", "--attention", .. Fast]);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("10 held out", result.Output, StringComparison.Ordinal);
        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--data", test, "--json");
        Assert.Equal(10, JsonDocument.Parse(evaluate.Output).RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public void CancelledTrainingSavesTheModelSoFar()
    {
        using var dir = new CliRunner();
        string data = dir.Write("series.csv", SyntheticData.MonthlySeries());
        string model = dir.PathOf("m.recur");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        CliResult train = CliRunner.Run(cancel.Token, ["train", "--data", data, "--task", "forecast", "--target", "sales", "--out", model, "--lookback", "6", .. Fast]);
        Assert.True(train.Code == 0, train.ToString());
        Assert.Contains("cancelled", train.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
        Assert.Equal(0, CliRunner.Run("evaluate", "--model", model, "--data", data).Code);
    }
}
