namespace Recur.Metrics;

/// <summary>
/// Classification metrics for K classes (see <see cref="ClassificationMetrics.Compute"/>), following scikit-learn's
/// conventions: a ratio whose denominator is zero is 0 (a class never predicted has precision 0, a class absent from
/// the true labels has recall 0, and F1 is 0 when precision + recall is 0).
/// </summary>
/// <param name="Accuracy">Correct predictions / all predictions, in [0, 1].</param>
/// <param name="MacroPrecision">The unweighted mean of <paramref name="Precision"/> over the present classes (see <paramref name="MacroF1"/>).</param>
/// <param name="MacroRecall">The unweighted mean of <paramref name="Recall"/> over the present classes.</param>
/// <param name="MacroF1">
/// The unweighted mean of <paramref name="F1"/> over the classes that occur in the true or the predicted labels
/// (scikit-learn's <c>f1_score(average="macro")</c>); classes absent from both are left out so that an evaluation set
/// lacking a class is not penalized for it.
/// </param>
/// <param name="Precision">Per class (K values): TP / (TP + FP); 0 when the class is never predicted.</param>
/// <param name="Recall">Per class (K values): TP / (TP + FN); 0 when the class never occurs in the true labels.</param>
/// <param name="F1">Per class (K values): 2·P·R / (P + R); 0 when P + R = 0.</param>
/// <param name="Support">Per class (K values): how many true labels are that class.</param>
/// <param name="ConfusionMatrix">(K, K) counts: row = true class, column = predicted class.</param>
/// <param name="Count">The number of labelled samples.</param>
public sealed record ClassificationReport(
    double Accuracy,
    double MacroPrecision,
    double MacroRecall,
    double MacroF1,
    double[] Precision,
    double[] Recall,
    double[] F1,
    int[] Support,
    int[,] ConfusionMatrix,
    int Count)
{
    /// <summary>K, the number of classes.</summary>
    public int ClassCount => Support.Length;
}
