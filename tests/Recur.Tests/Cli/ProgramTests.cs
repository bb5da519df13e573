using Xunit;

namespace Recur.Tests.Cli;

public sealed class ProgramTests
{
    [Fact]
    public void VersionSucceeds()
    {
        Assert.Equal(0, Recur.Cli.Program.Main(["--version"]));
    }

    [Fact]
    public void UnknownCommandIsAUsageError()
    {
        Assert.Equal(Recur.Cli.Program.ExitUsage, Recur.Cli.Program.Main(["no-such-command"]));
    }

    [Fact]
    public void BadThreadCountIsAUsageError()
    {
        Assert.Equal(Recur.Cli.Program.ExitUsage, Recur.Cli.Program.Main(["bench-gemm", "--threads", "0"]));
    }

    [Fact]
    public void HelpListsBenchGemm()
    {
        var root = Recur.Cli.Program.BuildRootCommand(TextWriter.Null);
        Assert.Contains(root.Subcommands, c => c.Name == "bench-gemm");
    }
}
