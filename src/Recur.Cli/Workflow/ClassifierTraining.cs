using Recur.Cli.Commands;
using Recur.Cli.Display;
using Recur.Data;
using Recur.Metrics;
using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Workflow;

/// <summary>
/// <c>recur train --task classify</c>: loads the sequences, takes the held-out part (the split column's test
/// sequences, the <c>--test</c> file, or a stratified 20 %), holds out a stratified validation part of the rest for
/// early stopping, z-scores every feature with the training sequences' statistics, trains (BiLSTM by default) and
/// scores the held-out part.
/// </summary>
internal static class ClassifierTraining
{
    internal const int DefaultHidden = 64;
    internal const int DefaultEpochs = 100;
    internal const int DefaultPatience = 20;
    internal const double DefaultLearningRate = 0.003;
    internal const double DefaultDropout = 0.2;
    internal const double TestFraction = 0.2;
    internal const double ValidationFraction = 0.15;
    internal const int IterationBudget = 8000;

    private static readonly string[] IdNames = ["sequence_id", "series_id", "id", "sequence", "seq_id", "sample_id", "sample", "case_id"];
    private static readonly string[] LabelNames = ["label", "class", "target", "y", "category"];
    private static readonly string[] StepNames = ["step", "time_step", "timestep", "t", "frame", "index"];

    /// <summary>Trains, scores and returns the outcome (the model is not yet saved).</summary>
    public static TrainOutcome Run(TrainSettings s, CliConsole console, CancellationToken cancellationToken)
    {
        CsvPeek peek = CsvPeek.Read(s.Data);
        string? id = s.Id ?? peek.Find(IdNames);
        // Long when an id column repeats (several rows per sequence); wide (one row per sequence) otherwise.
        string layoutName = s.Layout ?? (id is not null && (s.Id is not null || peek.Repeats[peek.IndexOf(id)]) ? "long" : "wide");
        bool wide = layoutName == "wide";

        string? label = s.Label ?? peek.Find(LabelNames) ?? (wide && peek.Header.Count > 0 ? peek.Header[0] : null);
        if (label is null)
        {
            throw new UsageException($"--label is required: no column named label or class in '{s.Data}'{(peek.Header.Count > 0 ? $" (columns: {string.Join(", ", peek.Header.Take(20))})" : "")}.");
        }

        if (!wide && id is null)
        {
            throw new UsageException($"--id is required for the long layout (the column that groups rows into sequences); or give --layout wide for one sequence per row.");
        }

        string? step = wide ? null : s.Step ?? StepColumn(peek, id, label);
        string? splitColumn = s.Split ?? (s.Test is null ? peek.Find("split") : null);
        if (wide && s.Features is not null)
        {
            throw new UsageException("--features does not apply to --layout wide (every column other than the id, label and split is a time step).");
        }

        if (wide && s.Step is not null)
        {
            throw new UsageException("--step does not apply to --layout wide (the columns are the steps).");
        }

        var options = new SequenceCsvOptions
        {
            Layout = wide ? SequenceLayout.Wide : SequenceLayout.Long,
            IdColumn = id,
            StepColumn = step,
            LabelColumn = label,
            SplitColumn = splitColumn,
            FeatureColumns = s.Features,
            Missing = DataRecipe.ParseFill(s.Fill),
        };
        SequenceTable all = SequenceCsv.Load(s.Data, options);
        SequenceTable trainPart, testPart;
        string heldOut;
        if (s.Test is not null)
        {
            trainPart = all.Splits is null ? all : all.Part(SequenceSplit.Train);
            testPart = SequenceCsv.Load(s.Test, options with { ClassNames = all.ClassNames, SplitColumn = null, FeatureColumns = wide ? null : all.FeatureColumns });
            heldOut = $"the {testPart.Count} sequences of {Path.GetFileName(s.Test)}";
        }
        else if (all.Splits is not null)
        {
            trainPart = all.Part(SequenceSplit.Train);
            testPart = all.Part(SequenceSplit.Test);
            heldOut = $"the {testPart.Count} sequences with {splitColumn} = test";
        }
        else
        {
            (int[] kept, int[] held) = StratifiedSplit.Split(all.Labels!, TestFraction, s.Seed);
            trainPart = all.Select(kept);
            testPart = all.Select(held);
            heldOut = $"a stratified {TestFraction:P0} of the sequences ({testPart.Count})";
        }

        if (trainPart.Count < 4 || testPart.Count < 1)
        {
            throw new DataException(s.Data, null, label, null,
                $"too few sequences: {trainPart.Count} for training and {testPart.Count} held out; at least 4 training sequences and 1 held out are needed.");
        }

        (int[] fit, int[] val) = StratifiedSplit.Split(trainPart.Labels!, ValidationFraction, s.Seed + 1);
        SequenceTable fitPart = trainPart.Select(fit);
        SequenceTable validationPart = trainPart.Select(val);
        var scaler = new ZScoreScaler(all.FeatureColumns);
        scaler.Fit(fitPart.Sequences);

        var modelOptions = new ModelOptions(s.Model ?? "bilstm", s.Hidden ?? DefaultHidden, s.Layers ?? 1, s.Dropout ?? DefaultDropout, s.Attention);
        Sequential model = ModelFactory.Build(modelOptions, all.FeatureCount, all.ClassCount, (ulong)s.Seed);
        model.Metadata.ClassNames = all.ClassNames;
        var recipe = new DataRecipe
        {
            Task = TaskNames.Classify,
            Features = all.FeatureColumns,
            Layout = wide ? "wide" : "long",
            IdColumn = id,
            LabelColumn = label,
            StepColumn = step,
            SplitColumn = splitColumn,
            ClassNames = all.ClassNames,
            Fill = s.Fill,
            InputScaler = scaler.GetState(),
            Model = modelOptions,
            Data = new TrainingDataSummary
            {
                File = Path.GetFileName(s.Data),
                Count = all.Count,
                Train = fitPart.Count,
                Validation = validationPart.Count,
                Test = testPart.Count,
                HeldOut = heldOut,
                Lengths = [all.MinLength, all.MaxLength],
            },
        };
        recipe.SaveTo(model);
        var classifier = new Classifier(model, recipe);
        SequenceDataset train = SequenceDataset.ForSequenceClassification(classifier.Inputs(fitPart), fitPart.Labels!, all.ClassCount);
        SequenceDataset? validation = validationPart.Count > 0
            ? SequenceDataset.ForSequenceClassification(classifier.Inputs(validationPart), validationPart.Labels!, all.ClassCount)
            : null;
        int batch = s.Batch ?? Math.Clamp(train.Count / 4, 1, 32);
        (int epochs, int patience) = TrainingRun.Budget(train.Count, batch, DefaultEpochs, DefaultPatience, IterationBudget);
        TrainingOptions trainingOptions = TrainingRun.Options(
            validation ?? train, s.Epochs ?? epochs, batch, s.LearningRate ?? DefaultLearningRate, s.Patience ?? patience, s.Seed);

        console.Line($"classify {all.Count} sequences ({all.ClassCount} classes, {all.FeatureCount} features, lengths {all.MinLength}–{all.MaxLength}, {(wide ? "wide" : "long")} layout; label {label}{(id is null ? "" : $", id {id}")}{(step is null ? "" : $", step {step}")})");
        console.Line($"sequences: {train.Count} train, {validationPart.Count} validation, {testPart.Count} held out ({heldOut}); model {modelOptions.Kind}({modelOptions.Hidden}×{modelOptions.Layers}){(modelOptions.Attention ? "+attention" : "")}, {ModelFactory.ParameterCount(model)} parameters, batch {batch}");
        TrainingHistory history = TrainingRun.Fit(model, train, trainingOptions, console, "accuracy", cancellationToken);
        console.Line(TrainingRun.Describe(history));

        ClassificationReport report = classifier.Evaluate(testPart);
        model.Metadata.Metrics["test_accuracy"] = report.Accuracy;
        model.Metadata.Metrics["test_macro_f1"] = report.MacroF1;
        return new TrainOutcome(model, recipe, history, null, null, 0, null, report, testPart);
    }

    private static string? StepColumn(CsvPeek peek, string? id, string label)
    {
        string? step = peek.Find(StepNames);
        if (step is null || step == id || step == label)
        {
            return null;
        }

        int c = peek.IndexOf(step);
        return c >= 0 && peek.Numeric[c] ? step : null;
    }
}
