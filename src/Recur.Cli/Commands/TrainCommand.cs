using System.Text.Json.Nodes;
using Recur.Cli.Display;
using Recur.Cli.Workflow;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary><c>recur train</c>: trains a forecaster or a classifier on a CSV file, saves it and prints the held-out metrics.</summary>
internal static class TrainCommand
{
    /// <summary>Runs the command; <paramref name="cancellationToken"/> (Ctrl+C) stops training cleanly and the best model so far is saved.</summary>
    public static int Run(TrainSettings s, CliConsole console, CancellationToken cancellationToken)
    {
        Check(s, console);
        TrainOutcome outcome = s.Task == TaskNames.Forecast
            ? ForecastTraining.Run(s, console, cancellationToken)
            : ClassifierTraining.Run(s, console, cancellationToken);

        string? folder = Path.GetDirectoryName(Path.GetFullPath(s.Out));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        outcome.Model.Save(s.Out);
        if (outcome.History.Cancelled)
        {
            console.Warn($"training was cancelled; the best model so far was saved to {s.Out}.");
        }

        var json = new JsonObject
        {
            ["model"] = s.Out,
            ["task"] = s.Task,
            ["epochs"] = outcome.History.Epochs.Count,
            ["best_epoch"] = outcome.History.BestEpoch,
            ["stop_reason"] = outcome.History.StopReason switch
            {
                TrainingStopReason.EarlyStopping => "early_stopping",
                TrainingStopReason.Cancelled => "cancelled",
                _ => "max_epochs",
            },
            ["elapsed_seconds"] = Math.Round(outcome.History.Elapsed.TotalSeconds, 3),
        };
        if (outcome.Scores is { } scores)
        {
            ResultPrinter.Forecast(console, $"held-out one-step-ahead forecasts ({scores.Windows} windows: {outcome.Recipe.Data.HeldOut})", scores);
            foreach (var (key, value) in ResultPrinter.ForecastJson(scores))
            {
                json[key] = value?.DeepClone();
            }
        }
        else if (outcome.Classification is { } report)
        {
            ResultPrinter.Classification(console, $"held-out sequences ({outcome.Recipe.Data.HeldOut})", report, outcome.Recipe.ClassNames);
            foreach (var (key, value) in ResultPrinter.ClassificationJson(report, outcome.Recipe.ClassNames))
            {
                json[key] = value?.DeepClone();
            }
        }

        console.Line($"saved {s.Out}");
        if (s.Report is not null)
        {
            ReportWiring.WriteTrainingReport(s.Report, outcome, s.Data);
            console.Line($"wrote {s.Report}");
            json["report"] = s.Report;
        }

        if (console.Json)
        {
            JsonOutput.Write(console.Out, json);
        }

        return Program.ExitOk;
    }

    /// <summary>Range checks the parser cannot do, and warnings about options that do not apply to the task.</summary>
    private static void Check(TrainSettings s, CliConsole console)
    {
        Positive(s.Hidden, "--hidden");
        Positive(s.Layers, "--layers");
        Positive(s.Epochs, "--epochs");
        Positive(s.Batch, "--batch");
        Positive(s.Patience, "--patience");
        Positive(s.Lookback, "--lookback");
        Positive(s.Horizon, "--horizon");
        Positive(s.Season, "--season");
        if (s.Dropout is { } p && !(p >= 0 && p < 1))
        {
            throw new UsageException($"--dropout must be in [0, 1); got {p}.");
        }

        if (s.LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr)))
        {
            throw new UsageException($"--lr must be a positive number; got {lr}.");
        }

        if (s.Seed < 0)
        {
            throw new UsageException($"--seed must be ≥ 0; got {s.Seed}.");
        }

        CheckColumns(s.Target, "--target");
        CheckColumns(s.Features, "--features");
        string[] notApplying = s.Task == TaskNames.Forecast
            ? [.. Given(("--id", s.Id), ("--label", s.Label), ("--step", s.Step), ("--split", s.Split), ("--layout", s.Layout))]
            : [.. Given(("--target", s.Target), ("--time", s.Time), ("--lookback", s.Lookback), ("--horizon", s.Horizon), ("--season", s.Season))];
        if (notApplying.Length > 0)
        {
            console.Warn($"{string.Join(", ", notApplying)} {(notApplying.Length == 1 ? "does" : "do")} not apply to --task {s.Task} and {(notApplying.Length == 1 ? "is" : "are")} ignored.");
        }
    }

    private static IEnumerable<string> Given(params (string Name, object? Value)[] options) =>
        options.Where(o => o.Value is not null).Select(o => o.Name);

    private static void Positive(int? value, string name)
    {
        if (value is < 1)
        {
            throw new UsageException($"{name} must be at least 1; got {value}.");
        }
    }

    private static void CheckColumns(IReadOnlyList<string>? names, string option)
    {
        if (names is null)
        {
            return;
        }

        if (names.Count == 0 || names.Any(string.IsNullOrWhiteSpace))
        {
            throw new UsageException($"{option} must list column names separated by commas; got an empty name.");
        }

        string? twice = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (twice is not null)
        {
            throw new UsageException($"{option} names the column '{twice}' twice.");
        }
    }
}
