using Recur.Cli;
using Recur.Layers;
using Recur.Models;
using Xunit;

namespace Recur.Tests.Cli;

public sealed class CliErrorTests
{
    [Theory]
    [InlineData("train", "--task", "forecast", "--out", "m.recur")]                                   // --data missing
    [InlineData("train", "--data", "d.csv", "--task", "regress", "--out", "m.recur")]                 // unknown task
    [InlineData("train", "--data", "d.csv", "--task", "forecast", "--out", "m.recur", "--model", "transformer")]
    [InlineData("train", "--data", "d.csv", "--task", "forecast", "--out", "m.recur", "--hidden", "0")]
    [InlineData("train", "--data", "d.csv", "--task", "forecast", "--out", "m.recur", "--dropout", "1.5")]
    [InlineData("train", "--data", "d.csv", "--task", "forecast", "--out", "m.recur", "--lr", "-1")]
    [InlineData("train", "--data", "d.csv", "--task", "forecast", "--out", "m.recur", "--epochs", "many")]
    [InlineData("train", "--data", "d.csv", "--task", "classify", "--out", "m.recur", "--layout", "tall")]
    [InlineData("train", "--data", "d.csv", "--task", "forecast", "--out", "m.recur", "--fill", "mean")]
    [InlineData("evaluate", "--model", "m.recur")]
    [InlineData("forecast", "--model", "m.recur", "--data", "d.csv", "--out", "f.csv")]               // --steps missing
    [InlineData("inspect")]
    [InlineData("no-such-command")]
    public void UsageErrorsExitWith2(params string[] args)
    {
        CliResult result = CliRunner.Run(args);
        Assert.True(result.Code == Program.ExitUsage, result.ToString());
        Assert.StartsWith("recur: ", result.Error, StringComparison.Ordinal);
        Assert.InRange(result.Error.Trim().Split('\n').Length, 1, 3);
    }

    [Fact]
    public void DamagedModelFilesExitWith4()
    {
        using var dir = new CliRunner();
        string data = dir.Write("series.csv", SyntheticData.MonthlySeries());
        string model = dir.PathOf("m.recur");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--task", "forecast", "--target", "sales", "--out", model, "--lookback", "6", "--epochs", "1", "--hidden", "2").Code);
        byte[] bytes = File.ReadAllBytes(model);

        string truncated = dir.PathOf("truncated.recur");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        string flipped = dir.PathOf("flipped.recur");
        byte[] copy = (byte[])bytes.Clone();
        copy[copy.Length - 20] ^= 0x5A;
        File.WriteAllBytes(flipped, copy);
        string text = dir.Write("text.recur", "this is not a model");
        string foreign = dir.PathOf("foreign.recur");
        new Sequential(new Dense(2, 1)).Save(foreign);                 // a valid model file, but not from 'recur train'

        foreach (string path in new[] { truncated, flipped, text, foreign, dir.PathOf("missing.recur") })
        {
            foreach (string[] args in new[]
            {
                new[] { "evaluate", "--model", path, "--data", data },
                ["inspect", "--model", path],
                ["forecast", "--model", path, "--data", data, "--steps", "2", "--out", dir.PathOf("f.csv")],
            })
            {
                CliResult result = CliRunner.Run(args);
                Assert.True(result.Code == Program.ExitModelFile, $"{Path.GetFileName(path)} {args[0]}: {result}");
                Assert.Contains("model file", result.Error, StringComparison.Ordinal);
                Assert.True(result.Error.Trim().Split('\n').Length <= 2, result.Error);
            }
        }
    }

    [Fact]
    public void VerboseAddsTheStackTrace()
    {
        using var dir = new CliRunner();
        string data = dir.Write("bad.csv", "t,y\n1,x\n");
        CliResult quiet = CliRunner.Run("train", "--data", data, "--task", "forecast", "--target", "y", "--out", dir.PathOf("m.recur"));
        CliResult verbose = CliRunner.Run("train", "--data", data, "--task", "forecast", "--target", "y", "--out", dir.PathOf("m.recur"), "--verbose");
        Assert.Equal(Program.ExitData, quiet.Code);
        Assert.Equal(Program.ExitData, verbose.Code);
        Assert.DoesNotContain("   at ", quiet.Error, StringComparison.Ordinal);
        Assert.Contains("   at ", verbose.Error, StringComparison.Ordinal);
        Assert.Contains("DataException", verbose.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpListsEveryCommand()
    {
        var root = Program.BuildRootCommand(TextWriter.Null);
        foreach (string name in new[] { "train", "evaluate", "predict", "forecast", "inspect", "report", "bench-gemm" })
        {
            Assert.Contains(root.Subcommands, c => c.Name == name);
        }

        CliResult help = CliRunner.Run("train", "--help");
        Assert.Equal(0, help.Code);
        foreach (string option in new[] { "--data", "--task", "--out", "--test", "--target", "--features", "--time", "--id", "--label", "--step", "--split", "--layout",
            "--lookback", "--horizon", "--model", "--hidden", "--layers", "--dropout", "--attention", "--epochs", "--batch", "--lr", "--patience", "--seed", "--report" })
        {
            Assert.Contains(option, help.Output, StringComparison.Ordinal);
        }
    }
}
