using System.Globalization;
using Recur.Cli.Reporting;
using Recur.Metrics;
using Recur.Tests.Data;

namespace Recur.Tests.Cli.Reporting;

/// <summary>Report inputs for the tests and the example images (docs/images).</summary>
internal static class ReportSamples
{
    /// <summary>A small forecasting report built from formulas: 2 targets, NaN gaps, a future forecast, labels.</summary>
    public static ReportData SmallForecast()
    {
        const int n = 60;
        double[] a = new double[n], b = new double[n], pa = new double[n], pb = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = 10 + (5 * Math.Sin(i / 4.0)) + (0.1 * i);
            b[i] = 100 + (20 * Math.Cos(i / 6.0));
            pa[i] = i < 5 ? double.NaN : a[i] + (0.5 * Math.Sin(i));
            pb[i] = i < 5 ? double.NaN : b[i] - 2;
        }

        a[20] = double.NaN; // a gap in the actuals
        string[] labels = Enumerable.Range(0, n + 6).Select(i => new DateOnly(2020, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        return new ReportData("Forecast of a & b")
        {
            Subtitle = "synthetic data",
            Summary = ["60 steps", "lookback 5"],
            Metrics =
            [
                new ReportMetric("rmse", 0.42) { Baselines = [new("naive", 1.3), new("seasonal_naive", 0.9)] },
                new ReportMetric("mae", 0.31) { Baselines = [new("naive", 1.1)] },
                new ReportMetric("mape", double.NaN),
            ],
            ModelSummary = "Lstm(1 -> 32)\nLinear(32 -> 1)\nparameters: 4,385",
            History = new TrainingHistory([1.0, 0.6, 0.4, 0.35, 0.3]) { ValidationLoss = [1.1, 0.7, 0.5, 0.45, 0.46], LearningRate = [1e-3, 1e-3, 5e-4, 5e-4, 2.5e-4], BestEpoch = 4 },
            Forecast = new ForecastSection(
                [
                    new ForecastSeries("a", a) { Predicted = pa, Future = [12, 13, 14, 13, 12, 11] },
                    new ForecastSeries("b", b) { Predicted = pb },
                ],
                TestStart: 45)
            { TimeLabels = labels, TimeAxisName = "date" },
        };
    }

    /// <summary>A small classification report: 3 classes, one named &lt;b&gt;&amp;".</summary>
    public static ReportData SmallClassification(params string[] names)
    {
        int[] truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2];
        int[] predicted = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 0, 2];
        ClassificationReport r = ClassificationMetrics.Compute(truth, predicted, 3);
        names = names.Length == 3 ? names : ["cat", "<b>&\"", "dog"];
        return new ReportData("Classification")
        {
            Metrics = [new ReportMetric("accuracy", r.Accuracy), new ReportMetric("macro_f1", r.MacroF1)],
            History = new TrainingHistory([2.0, 1.0, 0.5]) { ValidationLoss = [2.1, 1.2, 0.8] },
            Classification = ClassificationSection.FromReport(names, r),
        };
    }

    /// <summary>
    /// The airline passengers sample (144 months) with an illustrative forecast over the last 24 months (a seasonal
    /// naive forecast scaled by the last year's growth) and a made-up training history; for the browser check and
    /// the example image.
    /// </summary>
    public static ReportData AirlineForecast()
    {
        string[] lines = File.ReadAllLines(Samples.AirlinePassengers);
        string[] months = lines.Skip(1).Select(l => l.Split(',')[0]).ToArray();
        double[] actual = lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        int n = actual.Length, test = n - 24;
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++)
        {
            // One year back times the growth of the year before that: an honest, simple baseline-like forecast.
            predicted[i] = i < 24 ? double.NaN : actual[i - 12] * (actual[i - 12] / actual[i - 24]);
        }

        double[] future = new double[12];
        for (int h = 0; h < 12; h++)
        {
            future[h] = actual[n - 12 + h] * (actual[n - 12 + h] / actual[n - 24 + h]);
        }

        string[] labels = [.. months, .. Enumerable.Range(1, 12).Select(m => $"1961-{m:00}")];
        double[] loss = Enumerable.Range(1, 80).Select(e => (0.9 * Math.Exp(-e / 6.0)) + 0.004 + (0.0005 * Math.Sin(e))).ToArray();
        double[] val = Enumerable.Range(1, 80).Select(e => (1.1 * Math.Exp(-e / 7.0)) + 0.009 + (e > 55 ? 0.00008 * (e - 55) * (e - 55) : 0)).ToArray();

        // Metrics over the test range, computed: the illustrative forecast against the naive (last value) and
        // seasonal naive (same month last year) forecasts.
        double[] testActual = actual[test..];
        RegressionReport model = RegressionMetrics.Compute(testActual, predicted[test..]);
        RegressionReport naive = RegressionMetrics.Compute(testActual, actual[(test - 1)..^1]);
        RegressionReport seasonal = RegressionMetrics.Compute(testActual, actual[(test - 12)..^12]);
        ReportMetric Row(string name, Func<RegressionReport, double> pick) =>
            new(name, pick(model)) { Baselines = [new("naive", pick(naive)), new("seasonal_naive", pick(seasonal))] };
        return new ReportData("airline_passengers: forecast report (example)")
        {
            Subtitle = "samples/airline_passengers/airline_passengers.csv · target passengers · forecast task",
            Summary =
            [
                "144 monthly values, 1949-01 to 1960-12; test range: the last 24 months",
                "example data for the report layout: the forecast is seasonal naive × the yearly growth, the training history is made up",
            ],
            Metrics = [Row("rmse", r => r.Rmse), Row("mae", r => r.Mae), Row("mape", r => r.Mape), Row("smape", r => r.Smape)],
            ModelSummary = "(example) SequenceInput(features 1, z-score)\nLstm(1 -> 64, layers 1)\nLinear(64 -> 1)",
            History = new TrainingHistory(loss) { ValidationLoss = val, BestEpoch = 55 },
            Forecast = new ForecastSection([new ForecastSeries("passengers", actual) { Predicted = predicted, Future = future }], test)
            {
                TimeLabels = labels,
                TimeAxisName = "month",
            },
        };
    }

    /// <summary>
    /// A 9-class report shaped like the Japanese Vowels test split (370 sequences, 9 speakers) with a made-up
    /// confusion, one long class name and one that needs escaping; for the browser check and the example image.
    /// </summary>
    public static ReportData SpeakerClassification()
    {
        int[] support = [31, 35, 88, 44, 29, 24, 40, 50, 29];
        var truth = new List<int>();
        var predicted = new List<int>();
        var random = new Random(7);
        for (int c = 0; c < support.Length; c++)
        {
            for (int s = 0; s < support[c]; s++)
            {
                truth.Add(c);
                predicted.Add(random.NextDouble() < 0.06 ? (c + 1 + random.Next(support.Length - 1)) % support.Length : c);
            }
        }

        ClassificationReport r = ClassificationMetrics.Compute(truth.ToArray(), predicted.ToArray(), support.Length);
        string[] names = ["speaker 1", "speaker 2", "speaker 3", "speaker 4 with a very long name", "speaker 5", "speaker 6", "speaker 7", "speaker 8", "<b>&\" 9"];
        double[] loss = Enumerable.Range(1, 40).Select(e => 2.2 * Math.Exp(-e / 5.0) + 0.02).ToArray();
        double[] val = Enumerable.Range(1, 40).Select(e => 2.3 * Math.Exp(-e / 5.5) + 0.12).ToArray();
        return new ReportData("japanese_vowels: classification report (example)")
        {
            Subtitle = "samples/japanese_vowels/japanese_vowels.csv · label speaker · classify task",
            Summary =
            [
                "370 test sequences of 9 speakers, 12 features, 7 to 29 steps",
                "example data for the report layout: predictions with 6% random errors, a made-up training history",
            ],
            Metrics = [new ReportMetric("accuracy", r.Accuracy), new ReportMetric("macro_f1", r.MacroF1)],
            ModelSummary = "(example) SequenceInput(features 12, z-score)\nLstm(12 -> 64, bidirectional)\nLinear(128 -> 9)",
            History = new TrainingHistory(loss) { ValidationLoss = val, LearningRate = Enumerable.Range(1, 40).Select(e => e < 20 ? 1e-3 : e < 30 ? 5e-4 : 2.5e-4).ToArray() },
            Classification = ClassificationSection.FromReport(names, r),
        };
    }
}
