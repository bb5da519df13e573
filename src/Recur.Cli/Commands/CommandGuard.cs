using Recur.Data;
using Recur.IO;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// Runs a command and turns its failures into exit codes and one or two lines on stderr (the whole exception with
/// <c>--verbose</c>): usage errors 2, data errors (<see cref="DataException"/>) 3, model-file errors
/// (<see cref="ModelFileException"/>) 4, anything else 1.
/// </summary>
internal static class CommandGuard
{
    /// <summary>Runs <paramref name="body"/> and returns its exit code, or the code of its failure.</summary>
    public static int Run(TextWriter error, bool verbose, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UsageException e)
        {
            return Fail(error, verbose, e, Program.ExitUsage, "Run 'recur <command> --help' for the options.");
        }
        catch (DataException e)
        {
            return Fail(error, verbose, e, Program.ExitData, null);
        }
        catch (ModelFileException e)
        {
            return Fail(error, verbose, e, Program.ExitModelFile, null);
        }
        catch (TrainingDivergedException e)
        {
            return Fail(error, verbose, e, Program.ExitFailure, "Try a smaller --lr.");
        }
        catch (ArgumentException e)
        {
            // An option value the library rejects (its message names the option's rule and value).
            return Fail(error, verbose, e, Program.ExitUsage, "Run 'recur <command> --help' for the options.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(error, verbose, e, Program.ExitFailure, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(error, verbose, e, Program.ExitFailure, "This is a bug in recur; run again with --verbose for the details.");
        }
    }

    private static int Fail(TextWriter error, bool verbose, Exception e, int code, string? hint)
    {
        string message = e.Message.ReplaceLineEndings(" ");
        error.WriteLine(e is UsageException or DataException or ModelFileException ? "recur: " + message : $"recur: {message} ({e.GetType().Name})");
        if (verbose)
        {
            error.WriteLine(e.ToString());
        }
        else if (hint is not null)
        {
            error.WriteLine(hint);
        }

        return code;
    }
}
