using Recur.Cli.Workflow;

namespace Recur.Cli.Commands;

/// <summary>
/// The bridge from the CLI's results to the HTML report generator (<c>Recur.Cli.Reporting.HtmlReport</c>, issue 5
/// deliverable 3). Until that generator is on this branch, asking for a report is a usage error that says so.
/// </summary>
internal static class ReportWiring
{
    /// <summary>Writes the report of a training run (<c>recur train --report</c>).</summary>
    public static void WriteTrainingReport(string path, TrainOutcome outcome, string dataPath) =>
        throw new UsageException($"--report {path}: the HTML report generator is not part of this build yet.");

    /// <summary>Writes the report of a saved model on a data file (<c>recur report</c>).</summary>
    public static void WriteModelReport(string modelPath, string dataPath, string path) =>
        throw new UsageException($"recur report {path}: the HTML report generator is not part of this build yet.");
}
