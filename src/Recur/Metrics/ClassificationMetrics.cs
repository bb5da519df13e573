namespace Recur.Metrics;

/// <summary>
/// Accuracy, per-class precision / recall / F1, macro averages and the confusion matrix of integer class labels
/// (0 … K−1), with scikit-learn's conventions (see <see cref="ClassificationReport"/>).
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Computes every classification metric of <paramref name="predictedLabels"/> against <paramref name="trueLabels"/>.</summary>
    /// <param name="trueLabels">N true class indices, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="predictedLabels">N predicted class indices, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">K ≥ 1, the number of classes (the size of the per-class arrays and of the K×K matrix).</param>
    /// <returns>The report; per-class arrays have K entries.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> &lt; 1, or a label is outside [0, K).</exception>
    /// <exception cref="ArgumentException">The label spans are empty or of different lengths.</exception>
    public static ClassificationReport Compute(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels, int classCount)
    {
        if (classCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount,
                $"ClassificationMetrics: classCount must be at least 1; got {classCount}.");
        }

        CheckLengths(trueLabels, predictedLabels);
        var matrix = new int[classCount, classCount];
        int correct = 0;
        for (int i = 0; i < trueLabels.Length; i++)
        {
            int t = CheckLabel(trueLabels[i], i, classCount, nameof(trueLabels));
            int p = CheckLabel(predictedLabels[i], i, classCount, nameof(predictedLabels));
            matrix[t, p]++;
            if (t == p)
            {
                correct++;
            }
        }

        var precision = new double[classCount];
        var recall = new double[classCount];
        var f1 = new double[classCount];
        var support = new int[classCount];
        double sumP = 0, sumR = 0, sumF = 0;
        int present = 0;
        for (int k = 0; k < classCount; k++)
        {
            int tp = matrix[k, k];
            int actual = 0, predicted = 0;
            for (int j = 0; j < classCount; j++)
            {
                actual += matrix[k, j];
                predicted += matrix[j, k];
            }

            support[k] = actual;
            precision[k] = predicted == 0 ? 0 : (double)tp / predicted;
            recall[k] = actual == 0 ? 0 : (double)tp / actual;
            double pr = precision[k] + recall[k];
            f1[k] = pr == 0 ? 0 : 2 * precision[k] * recall[k] / pr;
            if (actual > 0 || predicted > 0)
            {
                present++;
                sumP += precision[k];
                sumR += recall[k];
                sumF += f1[k];
            }
        }

        return new ClassificationReport(
            Accuracy: (double)correct / trueLabels.Length,
            MacroPrecision: sumP / present,
            MacroRecall: sumR / present,
            MacroF1: sumF / present,
            precision, recall, f1, support, matrix, trueLabels.Length);
    }

    /// <summary>The fraction of <paramref name="predictedLabels"/> equal to <paramref name="trueLabels"/>, in [0, 1].</summary>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double Accuracy(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels)
    {
        CheckLengths(trueLabels, predictedLabels);
        int correct = 0;
        for (int i = 0; i < trueLabels.Length; i++)
        {
            if (trueLabels[i] == predictedLabels[i])
            {
                correct++;
            }
        }

        return (double)correct / trueLabels.Length;
    }

    private static void CheckLengths(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels)
    {
        if (trueLabels.Length != predictedLabels.Length)
        {
            throw new ArgumentException(
                $"ClassificationMetrics: trueLabels and predictedLabels must have the same length; got {trueLabels.Length} and {predictedLabels.Length}.",
                nameof(predictedLabels));
        }

        if (trueLabels.IsEmpty)
        {
            throw new ArgumentException("ClassificationMetrics: at least one label is needed; got 0.", nameof(trueLabels));
        }
    }

    private static int CheckLabel(int label, int index, int classCount, string argument)
    {
        if ((uint)label >= (uint)classCount)
        {
            throw new ArgumentOutOfRangeException(argument, label,
                $"ClassificationMetrics: {argument}[{index}] must be a class index in [0, {classCount}); got {label}.");
        }

        return label;
    }
}
