using Recur.Cli;

namespace Recur.Tests.Cli;

/// <summary>Runs the <c>recur</c> command in-process against a temporary folder, capturing stdout and stderr.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Folder = Path.Combine(Path.GetTempPath(), "recur-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The temporary folder (deleted on dispose).</summary>
    public string Folder { get; }

    /// <summary>A path in the folder.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Writes a file in the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the command line; returns the exit code and what was written to stdout and stderr.</summary>
    public static CliResult Run(params string[] args) => Run(CancellationToken.None, args);

    /// <summary>Runs the command line with a cancellation token (Ctrl+C).</summary>
    public static CliResult Run(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The outcome of one in-process run.</summary>
internal sealed record CliResult(int Code, string Output, string Error)
{
    public override string ToString() => $"exit {Code}\nstdout:\n{Output}\nstderr:\n{Error}";
}
