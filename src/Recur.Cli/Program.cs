using System.CommandLine;
using Recur.Cli.Commands;
using Recur.Cli.Display;
using Recur.Cli.Workflow;

namespace Recur.Cli;

/// <summary>Entry point of the <c>recur</c> command.</summary>
public static class Program
{
    /// <summary>Exit code for success.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code for a failure that is not one of the others (an I/O error, a diverged training, a bug).</summary>
    public const int ExitFailure = 1;

    /// <summary>Exit code for a usage error (unknown command, bad option).</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit code for a data error (a malformed or unsuitable data file).</summary>
    public const int ExitData = 3;

    /// <summary>Exit code for a model-file error (missing, damaged or not a model trained by <c>recur train</c>).</summary>
    public const int ExitModelFile = 4;

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs the command line with the given writers (in-process use and tests): results go to
    /// <paramref name="output"/>, errors and warnings to <paramref name="error"/>. Output that is not the real console
    /// gets plain lines (no live progress bar, no colours).
    /// </summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Results.</param>
    /// <param name="error">Errors.</param>
    /// <param name="cancellationToken">Stops a running <c>train</c> cleanly (it then saves the best model so far), like Ctrl+C.</param>
    /// <returns>The exit code: 0 success, 2 usage error, 3 data error, 4 model-file error, 1 anything else.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        RootCommand root = BuildRootCommand(output, error, cancellationToken);
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            // One line for the first problem, one for the hint (System.CommandLine's messages may span lines).
            string message = string.Join(' ', result.Errors[0].Message.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            error.WriteLine("recur: " + message + (result.Errors.Count > 1 ? $" (and {result.Errors.Count - 1} more)" : ""));
            error.WriteLine("Run 'recur --help' for usage.");
            return ExitUsage;
        }

        return result.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>Builds the command tree; output of the commands goes to <paramref name="output"/>, errors to the console's error stream.</summary>
    public static RootCommand BuildRootCommand(TextWriter output) => BuildRootCommand(output, Console.Error, CancellationToken.None);

    /// <summary>Builds the command tree with the given writers.</summary>
    public static RootCommand BuildRootCommand(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = new RootCommand("recur: train, evaluate and run LSTM, BiLSTM and GRU networks on sequence data.");
        root.Subcommands.Add(BuildTrain(output, error, cancellationToken));
        root.Subcommands.Add(BuildEvaluate(output, error));
        root.Subcommands.Add(BuildPredict(output, error));
        root.Subcommands.Add(BuildForecast(output, error));
        root.Subcommands.Add(BuildInspect(output, error));
        root.Subcommands.Add(BuildReport(output, error));
        root.Subcommands.Add(BuildBenchGemm(output));
        return root;
    }

    private static Command BuildTrain(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var data = Required<string>("--data", "The training data (CSV with a header row).");
        var task = Required<string>("--task", "forecast (time series) or classify (sequences).");
        task.AcceptOnlyFromAmong(TaskNames.Forecast, TaskNames.Classify);
        var outPath = Required<string>("--out", "The model file to write (e.g. model.recur).");
        var test = Optional<string>("--test", "A separate held-out file (forecasting: the continuation of the series; classification: test sequences).");
        var target = Optional<string>("--target", "Forecasting: the column(s) to forecast, comma-separated (default: the last numeric column).");
        var features = Optional<string>("--features", "The input columns, comma-separated (default: every numeric column but the time/id/step/label/split columns).");
        var time = Optional<string>("--time", "Forecasting: the time column (default: the first column when it is not numeric).");
        var id = Optional<string>("--id", "Classification: the sequence-id column (default: a column named sequence_id, series_id or id).");
        var label = Optional<string>("--label", "Classification: the label column (default: a column named label or class; the first column for --layout wide).");
        var step = Optional<string>("--step", "Classification: the column that orders the rows of a sequence (default: a numeric column named step).");
        var split = Optional<string>("--split", "Classification: a column of train/test values (default: a column named split).");
        var layout = Optional<string>("--layout", "Classification: long (one row per step) or wide (UCR/UEA, one row per sequence).");
        layout.AcceptOnlyFromAmong("long", "wide");
        var lookback = Optional<int?>("--lookback", "Forecasting: input steps per window (default: max(2·season, 12), at most 64 and a quarter of the training rows).");
        var horizon = Optional<int?>("--horizon", "Forecasting: steps forecast per window (default 1).");
        var season = Optional<int?>("--season", "Forecasting: the season of the seasonal-naive baseline and the default lookback (default: detected from the autocorrelation).");
        var model = Optional<string>("--model", "lstm, bilstm, gru or bigru (default: lstm for forecasting, bilstm for classification).");
        model.AcceptOnlyFromAmong(ModelFactory.Kinds);
        var hidden = Optional<int?>("--hidden", $"Hidden units per direction (default {ForecastTraining.DefaultHidden} for forecasting, {ClassifierTraining.DefaultHidden} for classification).");
        var layers = Optional<int?>("--layers", "Stacked recurrent layers (default 1).");
        var dropout = Optional<double?>("--dropout", $"Dropout before the output layer and between recurrent layers (default 0 for forecasting, {ClassifierTraining.DefaultDropout} for classification).");
        var attention = new Option<bool>("--attention") { Description = "Attention pooling over every step instead of the last state." };
        var epochs = Optional<int?>("--epochs", $"Maximum epochs (default {ForecastTraining.DefaultEpochs} for forecasting, {ClassifierTraining.DefaultEpochs} for classification; early stopping usually ends sooner).");
        var batch = Optional<int?>("--batch", "Mini-batch size (default: between 8 and 32 windows for forecasting, min(32, N/4) sequences for classification).");
        var lr = Optional<double?>("--lr", "Adam's learning rate (default 0.003).");
        var patience = Optional<int?>("--patience", $"Epochs without validation improvement before stopping (default {ForecastTraining.DefaultPatience} for forecasting, {ClassifierTraining.DefaultPatience} for classification).");
        var seed = new Option<int>("--seed") { Description = "Seed of the weights, shuffles, dropout and splits (default 1).", DefaultValueFactory = _ => 1 };
        var fill = Fill();
        var report = Optional<string>("--report", "Also write an HTML report (learning curves, forecasts or confusion matrix) to this file.");
        var json = Json("Print one JSON object (model path, epochs, held-out metrics) instead of the progress and tables.");
        var verbose = Verbose();
        var command = new Command("train", "Train a forecaster or a sequence classifier on a CSV file, save it, and print its metrics on the held-out part beside the naive baselines.")
        {
            data, task, outPath, test, target, features, time, id, label, step, split, layout, lookback, horizon, season, model, hidden, layers,
            dropout, attention, epochs, batch, lr, patience, seed, fill, report, json, verbose,
        };
        command.SetAction(r =>
        {
            var settings = new TrainSettings
            {
                Data = r.GetValue(data)!,
                Task = r.GetValue(task)!,
                Out = r.GetValue(outPath)!,
                Test = r.GetValue(test),
                Target = Columns(r.GetValue(target)),
                Features = Columns(r.GetValue(features)),
                Time = r.GetValue(time),
                Id = r.GetValue(id),
                Label = r.GetValue(label),
                Step = r.GetValue(step),
                Split = r.GetValue(split),
                Layout = r.GetValue(layout),
                Lookback = r.GetValue(lookback),
                Horizon = r.GetValue(horizon),
                Season = r.GetValue(season),
                Model = r.GetValue(model),
                Hidden = r.GetValue(hidden),
                Layers = r.GetValue(layers),
                Dropout = r.GetValue(dropout),
                Attention = r.GetValue(attention),
                Epochs = r.GetValue(epochs),
                Batch = r.GetValue(batch),
                LearningRate = r.GetValue(lr),
                Patience = r.GetValue(patience),
                Seed = r.GetValue(seed),
                Fill = r.GetValue(fill) ?? "error",
                Report = r.GetValue(report),
            };
            var console = new CliConsole(output, error, r.GetValue(json));
            return CommandGuard.Run(error, r.GetValue(verbose), () =>
            {
                using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                ConsoleCancelEventHandler onCancel = (_, e) =>
                {
                    e.Cancel = true;
                    cancel.Cancel();
                };
                bool realConsole = ReferenceEquals(output, Console.Out);
                if (realConsole)
                {
                    Console.CancelKeyPress += onCancel;
                }

                try
                {
                    return TrainCommand.Run(settings, console, cancel.Token);
                }
                finally
                {
                    if (realConsole)
                    {
                        Console.CancelKeyPress -= onCancel;
                    }
                }
            });
        });
        return command;
    }

    private static Command BuildEvaluate(TextWriter output, TextWriter error)
    {
        var model = Required<string>("--model", "A model file written by 'recur train'.");
        var data = Required<string>("--data", "The data to evaluate on (the same columns as the training data).");
        var season = Optional<int?>("--season", "Forecasting: the season of the seasonal-naive baseline (default: the one saved with the model).");
        var json = Json("Print one JSON object whose keys are the metric names.");
        var verbose = Verbose();
        var command = new Command("evaluate", "Score a model on a data file: accuracy, macro-F1 and the confusion matrix, or one-step-ahead RMSE, MAE, MAPE and sMAPE beside the naive and seasonal-naive baselines.")
        {
            model, data, season, json, verbose,
        };
        command.SetAction(r => CommandGuard.Run(error, r.GetValue(verbose), () =>
            EvaluateCommand.Run(r.GetValue(model)!, r.GetValue(data)!, r.GetValue(season), new CliConsole(output, error, r.GetValue(json)))));
        return command;
    }

    private static Command BuildPredict(TextWriter output, TextWriter error)
    {
        var model = Required<string>("--model", "A model file written by 'recur train'.");
        var data = Required<string>("--data", "The data to predict.");
        var outPath = Required<string>("--out", "The CSV file to write.");
        var verbose = Verbose();
        var command = new Command("predict", "Write per-sequence labels with class probabilities, or per-window forecasts, to a CSV file.")
        {
            model, data, outPath, verbose,
        };
        command.SetAction(r => CommandGuard.Run(error, r.GetValue(verbose), () =>
            PredictCommand.Run(r.GetValue(model)!, r.GetValue(data)!, r.GetValue(outPath)!, new CliConsole(output, error, json: false))));
        return command;
    }

    private static Command BuildForecast(TextWriter output, TextWriter error)
    {
        var model = Required<string>("--model", "A forecasting model file written by 'recur train --task forecast'.");
        var data = Required<string>("--data", "The series to continue (its last rows are the model's input).");
        var steps = new Option<int>("--steps") { Description = "How many steps to forecast.", Required = true };
        var outPath = Required<string>("--out", "The CSV file to write.");
        var verbose = Verbose();
        var command = new Command("forecast", "Forecast N steps after the end of the data (closed loop), in the original units, continuing the time column.")
        {
            model, data, steps, outPath, verbose,
        };
        command.SetAction(r => CommandGuard.Run(error, r.GetValue(verbose), () =>
            ForecastCommand.Run(r.GetValue(model)!, r.GetValue(data)!, r.GetValue(steps), r.GetValue(outPath)!, new CliConsole(output, error, json: false))));
        return command;
    }

    private static Command BuildInspect(TextWriter output, TextWriter error)
    {
        var model = Required<string>("--model", "A model file written by 'recur train'.");
        var json = Json("Print one JSON object.");
        var verbose = Verbose();
        var command = new Command("inspect", "Show a model's architecture, parameter count, training data, normalization and metrics at save time.")
        {
            model, json, verbose,
        };
        command.SetAction(r => CommandGuard.Run(error, r.GetValue(verbose), () =>
            InspectCommand.Run(r.GetValue(model)!, new CliConsole(output, error, r.GetValue(json)))));
        return command;
    }

    private static Command BuildReport(TextWriter output, TextWriter error)
    {
        var model = Required<string>("--model", "A model file written by 'recur train'.");
        var data = Required<string>("--data", "The data to show the model on.");
        var outPath = Required<string>("--out", "The HTML file to write.");
        var verbose = Verbose();
        var command = new Command("report", "Write a self-contained HTML report (learning curves; forecasts over the actuals or the confusion matrix).")
        {
            model, data, outPath, verbose,
        };
        command.SetAction(r => CommandGuard.Run(error, r.GetValue(verbose), () =>
        {
            ReportWiring.WriteModelReport(r.GetValue(model)!, r.GetValue(data)!, r.GetValue(outPath)!);
            new CliConsole(output, error, json: false).Line($"wrote {r.GetValue(outPath)}");
            return ExitOk;
        }));
        return command;
    }

    private static Command BuildBenchGemm(TextWriter output)
    {
        var threads = new Option<int>("--threads")
        {
            Description = "Compute threads to use (default: all cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var quick = new Option<bool>("--quick") { Description = "Fewer sizes and shorter timing (a few seconds)." };
        var outPath = new Option<string?>("--out") { Description = "Also write the results as rnn-bench/1 JSON to this file." };
        var command = new Command("bench-gemm", "Measure single-precision GEMM speed (GFLOP/s) on this machine: square sizes and the thin shapes of a recurrent step.")
        {
            threads,
            quick,
            outPath,
        };
        threads.Validators.Add(r =>
        {
            if (r.GetValue(threads) < 1)
            {
                r.AddError("--threads must be at least 1.");
            }
        });
        command.SetAction(r => BenchGemmCommand.Run(r.GetValue(threads), r.GetValue(quick), r.GetValue(outPath), output));
        return command;
    }

    private static Option<T> Required<T>(string name, string description) => new(name) { Description = description, Required = true };

    private static Option<T> Optional<T>(string name, string description) => new(name) { Description = description };

    private static Option<bool> Json(string description) => new("--json") { Description = description };

    private static Option<bool> Verbose() => new("--verbose") { Description = "Show the whole error (with the stack trace) when something fails." };

    private static Option<string> Fill()
    {
        var fill = new Option<string>("--fill") { Description = "Missing values: an error (default), or filled forward, linear or with zero.", DefaultValueFactory = _ => "error" };
        fill.AcceptOnlyFromAmong("error", "forward", "linear", "zero");
        return fill;
    }

    /// <summary>"a, b,c" → ["a", "b", "c"]; null stays null.</summary>
    private static IReadOnlyList<string>? Columns(string? text) =>
        text is null ? null : text.Split(',').Select(c => c.Trim()).ToArray();
}
