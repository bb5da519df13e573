using Recur.Metrics;

namespace Recur.Cli.Reporting;

/// <summary>
/// The classification part of a report: the confusion matrix as a heat map with a per-class table beside it, for K
/// classes.
/// </summary>
/// <param name="ClassNames">(K) the class names, by class index.</param>
/// <param name="ConfusionMatrix">(K, K) counts: row = true class, column = predicted class.</param>
/// <param name="Precision">(K) per-class precision in [0, 1].</param>
/// <param name="Recall">(K) per-class recall in [0, 1].</param>
/// <param name="F1">(K) per-class F1 in [0, 1].</param>
/// <param name="Accuracy">The accuracy in [0, 1].</param>
/// <param name="MacroF1">The macro-averaged F1 in [0, 1].</param>
public sealed record ClassificationSection(
    IReadOnlyList<string> ClassNames,
    int[,] ConfusionMatrix,
    IReadOnlyList<double> Precision,
    IReadOnlyList<double> Recall,
    IReadOnlyList<double> F1,
    double Accuracy,
    double MacroF1)
{
    /// <summary>The section for a <see cref="ClassificationReport"/> of the library's metrics.</summary>
    /// <param name="classNames">(K) the class names, by class index.</param>
    /// <param name="report">The metrics over K classes.</param>
    public static ClassificationSection FromReport(IReadOnlyList<string> classNames, ClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(report);
        return new ClassificationSection(classNames, report.ConfusionMatrix, report.Precision, report.Recall, report.F1, report.Accuracy, report.MacroF1);
    }

    /// <summary>Checks the shapes agree; messages start with <paramref name="prefix"/>, the part's path from the argument <paramref name="paramName"/>.</summary>
    internal void Validate(string paramName, string prefix)
    {
        if (ClassNames is null || ClassNames.Count == 0)
        {
            throw new ArgumentException($"{prefix}.ClassNames must hold at least one class; got {(ClassNames is null ? "null" : "none")}.", paramName);
        }

        int k = ClassNames.Count;
        if (ConfusionMatrix is null || ConfusionMatrix.GetLength(0) != k || ConfusionMatrix.GetLength(1) != k)
        {
            string got = ConfusionMatrix is null ? "null" : $"({ConfusionMatrix.GetLength(0)}, {ConfusionMatrix.GetLength(1)})";
            throw new ArgumentException($"{prefix}.ConfusionMatrix must be ({k}, {k}) for {k} classes; got {got}.", paramName);
        }

        foreach (int count in ConfusionMatrix)
        {
            if (count < 0)
            {
                throw new ArgumentException($"{prefix}.ConfusionMatrix must hold counts (>= 0); got {count}.", paramName);
            }
        }

        Check(Precision, nameof(Precision));
        Check(Recall, nameof(Recall));
        Check(F1, nameof(F1));

        void Check(IReadOnlyList<double> values, string name)
        {
            if (values is null || values.Count != k)
            {
                throw new ArgumentException($"{prefix}.{name} must have one value per class ({k}); got {(values is null ? "null" : values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}.", paramName);
            }
        }
    }
}
