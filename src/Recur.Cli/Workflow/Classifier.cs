using Recur.Data;
using Recur.Metrics;
using Recur.Models;

namespace Recur.Cli.Workflow;

/// <summary>
/// A trained sequence classifier with its recipe: loads sequence files the way the model was trained (the same layout
/// and columns, the training classes, the training z-scores) and classifies them.
/// </summary>
internal sealed class Classifier
{
    private readonly ColumnScaler _scaler;

    /// <summary>Wraps a model trained by <c>recur train --task classify</c>.</summary>
    public Classifier(Model model, DataRecipe recipe)
    {
        Model = model;
        Recipe = recipe;
        _scaler = ColumnScaler.FromState(recipe.InputScaler);
    }

    /// <summary>The model.</summary>
    public Model Model { get; }

    /// <summary>The recipe.</summary>
    public DataRecipe Recipe { get; }

    /// <summary>
    /// Loads a sequence file with the recipe's layout and columns. The label column is read when the file has it (or
    /// <paramref name="requireLabels"/>); the split column when the file has it.
    /// </summary>
    public static SequenceTable Load(string path, DataRecipe recipe, bool requireLabels)
    {
        CsvPeek peek = CsvPeek.Read(path);
        bool wide = recipe.Layout == "wide";
        bool labels = requireLabels || peek.Has(recipe.LabelColumn) || peek.Header.Count == 0;
        return SequenceCsv.Load(path, new SequenceCsvOptions
        {
            Layout = wide ? SequenceLayout.Wide : SequenceLayout.Long,
            IdColumn = wide && !peek.Has(recipe.IdColumn) ? null : recipe.IdColumn,
            StepColumn = wide ? null : recipe.StepColumn,
            LabelColumn = labels ? recipe.LabelColumn : null,
            SplitColumn = recipe.SplitColumn is not null && peek.Has(recipe.SplitColumn) ? recipe.SplitColumn : null,
            FeatureColumns = wide ? null : recipe.Features,
            ClassNames = recipe.ClassNames,
            Missing = recipe.FillPolicy,
        });
    }

    /// <summary>The test part of a table that has a split column, else the whole table.</summary>
    public static SequenceTable HeldOutPart(SequenceTable table) => table.Splits is null ? table : table.Part(SequenceSplit.Test);

    /// <summary>The sequences scaled with the training z-scores, as (T_i, F) tensors.</summary>
    public IReadOnlyList<Tensor> Inputs(SequenceTable table)
    {
        SequenceTable scaled = _scaler.Transform(table);
        return Enumerable.Range(0, scaled.Count).Select(scaled.SequenceTensor).ToArray();
    }

    /// <summary>Classifies every sequence of <paramref name="table"/>.</summary>
    public IReadOnlyList<ClassificationResult> Classify(SequenceTable table) => Model.Classify(Inputs(table));

    /// <summary>Accuracy, macro-F1 and the confusion matrix of a labelled table.</summary>
    public ClassificationReport Evaluate(SequenceTable table)
    {
        IReadOnlyList<ClassificationResult> results = Classify(table);
        int[] predicted = results.Select(r => r.Label).ToArray();
        return ClassificationMetrics.Compute(table.Labels!.ToArray(), predicted, Recipe.ClassNames.Count);
    }
}
