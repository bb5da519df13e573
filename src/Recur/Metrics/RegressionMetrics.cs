namespace Recur.Metrics;

/// <summary>RMSE, MAE, MAPE, sMAPE and R² of predictions against actual values (see <see cref="RegressionReport"/> for each definition).</summary>
public static class RegressionMetrics
{
    /// <summary>Computes every regression metric of <paramref name="predicted"/> against <paramref name="actual"/>, in double precision.</summary>
    /// <param name="actual">N ≥ 1 actual values, all finite.</param>
    /// <param name="predicted">N predicted values, all finite.</param>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths, or a value is NaN or infinite.</exception>
    public static RegressionReport Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException(
                $"RegressionMetrics: actual and predicted must have the same length; got {actual.Length} and {predicted.Length}.",
                nameof(predicted));
        }

        if (actual.IsEmpty)
        {
            throw new ArgumentException("RegressionMetrics: at least one value is needed; got 0.", nameof(actual));
        }

        double mean = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            CheckFinite(actual[i], i, nameof(actual));
            CheckFinite(predicted[i], i, nameof(predicted));
            mean += actual[i];
        }

        mean /= actual.Length;
        double squared = 0, absolute = 0, percent = 0, symmetric = 0, total = 0;
        int mapeCount = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = actual[i];
            double error = predicted[i] - a;
            double abs = Math.Abs(error);
            squared += error * error;
            absolute += abs;
            if (a != 0)
            {
                percent += abs / Math.Abs(a);
                mapeCount++;
            }

            double scale = Math.Abs(a) + Math.Abs(predicted[i]);
            if (scale != 0)
            {
                symmetric += 2 * abs / scale;
            }

            double deviation = a - mean;
            total += deviation * deviation;
        }

        int n = actual.Length;
        double r2 = total != 0 ? 1 - (squared / total) : squared == 0 ? 1 : 0;
        return new RegressionReport(
            Rmse: Math.Sqrt(squared / n),
            Mae: absolute / n,
            Mape: mapeCount == 0 ? double.NaN : 100 * percent / mapeCount,
            MapeCount: mapeCount,
            Smape: 100 * symmetric / n,
            R2: r2,
            Count: n);
    }

    /// <summary>
    /// <see cref="Compute(ReadOnlySpan{double}, ReadOnlySpan{double})"/> for float32 values (model outputs); each
    /// value is widened to double exactly and the metrics are computed in double precision.
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths, or a value is NaN or infinite.</exception>
    public static RegressionReport Compute(ReadOnlySpan<float> actual, ReadOnlySpan<float> predicted)
    {
        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException(
                $"RegressionMetrics: actual and predicted must have the same length; got {actual.Length} and {predicted.Length}.",
                nameof(predicted));
        }

        var a = new double[actual.Length];
        var p = new double[predicted.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = actual[i];
            p[i] = predicted[i];
        }

        return Compute(a, p);
    }

    private static void CheckFinite(double value, int index, string argument)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException(
                $"RegressionMetrics: {argument}[{index}] must be a finite number; got {value}.", argument);
        }
    }
}
