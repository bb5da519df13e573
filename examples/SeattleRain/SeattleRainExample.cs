using System.Globalization;
using Recur.Data;
using Recur.Layers;
using Recur.Metrics;
using Recur.Models;
using Recur.Modules;
using Recur.Training;

namespace Recur.Examples.SeattleRain;

/// <summary>
/// "Will it rain in Seattle tomorrow?" (NOAA GHCN-Daily, Seattle-Tacoma airport, 1948–2017): a BiLSTM with attention
/// pooling over time reads the previous 30 days of (precipitation, max and min temperature, rain yes/no, and the
/// season as sin/cos of the day of year) and classifies the next day as rain or no rain. SequenceInput (z-score, statistics of the training windows only) →
/// BiLSTM (output mode sequence) → additive Attention (pools the 30 steps into one vector) → Dense(2) → Softmax.
/// Missing observations (3 days) are forward-filled. Training windows have their label day in 1948–2012; the test
/// days are 2013-01-01 … 2017-12-13 (their windows may reach back into 2012: inputs only).
/// </summary>
public static class SeattleRainExample
{
    /// <summary>Where the data lies, relative to the repository root.</summary>
    public const string DataFile = "samples/seattle_rain/seattle_weather_1948_2017.csv";

    /// <summary>The model's input columns from the file, in order (the season features, when on, follow them).</summary>
    public static IReadOnlyList<string> FeatureColumns { get; } = ["prcp_in", "tmax_f", "tmin_f", "rain"];

    private const string LastTrainingDay = "2012-12-30";
    private const string FirstTestDay = "2013-01-01";
    private const string LastTestDay = "2017-12-13";

    /// <summary>Loads the data, trains the model and measures its test accuracy beside the baselines.</summary>
    /// <param name="options">The size, seed and data path; null means <see cref="SeattleRainOptions.Full"/>.</param>
    /// <returns>The accuracies, the history and the model.</returns>
    /// <exception cref="FileNotFoundException">The data file is not found.</exception>
    public static SeattleRainResult Run(SeattleRainOptions? options = null)
    {
        options ??= SeattleRainOptions.Full;
        Action<string> log = options.Log ?? (static _ => { });
        string path = options.DataPath ?? RepositoryRoot.File(DataFile);

        TimeSeriesTable table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions
        {
            TimeColumn = "date",
            TargetColumns = ["rain_tomorrow"],
            FeatureColumns = FeatureColumns,
            Missing = MissingValuePolicy.Forward,
        });
        IReadOnlyList<string> dates = table.TimeValues!;
        float[] rain = table.Column("rain");
        float[] rainTomorrow = table.Column("rain_tomorrow");

        // The loader forward-filled the empty cells; a window whose label itself was missing is not used.
        string[] lines = File.ReadAllLines(path);
        bool[] labelMissing = [.. table.Lines.Select(line => lines[line - 1].EndsWith(','))];

        float[,]? season = options.SeasonFeatures ? Season(dates) : null;
        int features = FeatureColumns.Count + (season is null ? 0 : 2);
        int lookback = options.Lookback;
        string trainFrom = options.TrainFrom ?? string.Empty;
        var trainInputs = new List<Tensor>();
        var trainLabels = new List<int>();
        var testInputs = new List<Tensor>();
        var testLabels = new List<int>();
        var persistence = new List<int>();
        for (int day = lookback - 1; day < table.RowCount; day++)
        {
            string date = dates[day];
            bool isTrain = string.CompareOrdinal(date, trainFrom) >= 0 && string.CompareOrdinal(date, LastTrainingDay) <= 0;
            bool isTest = string.CompareOrdinal(date, FirstTestDay) >= 0 && string.CompareOrdinal(date, LastTestDay) <= 0;
            if ((!isTrain && !isTest) || labelMissing[day])
            {
                continue;
            }

            Tensor window = Window(table, season, day - lookback + 1, lookback);
            int label = rainTomorrow[day] > 0.5f ? 1 : 0;
            if (isTrain)
            {
                trainInputs.Add(window);
                trainLabels.Add(label);
            }
            else
            {
                testInputs.Add(window);
                testLabels.Add(label);
                persistence.Add(rain[day] > 0.5f ? 1 : 0);
            }
        }

        int[] truth = [.. testLabels];
        double persistenceAccuracy = ClassificationMetrics.Accuracy(truth, [.. persistence]);
        int majority = trainLabels.Count(static y => y == 1) * 2 > trainLabels.Count ? 1 : 0;
        double majorityAccuracy = ClassificationMetrics.Accuracy(truth, [.. truth.Select(_ => majority)]);
        log(string.Create(CultureInfo.InvariantCulture,
            $"data: {table.RowCount} days ({table.FilledCount} missing cells forward-filled); {trainInputs.Count} training windows ({dates[lookback - 1]} … {LastTrainingDay} at most), {testInputs.Count} test days ({FirstTestDay} … {LastTestDay})"));
        log(string.Create(CultureInfo.InvariantCulture,
            $"baselines on the test days: same as today {persistenceAccuracy:F4}, always \"{(majority == 1 ? "rain" : "no rain")}\" {majorityAccuracy:F4}"));

        var train = SequenceDataset.ForSequenceClassification(trainInputs, trainLabels, classCount: 2);
        int h = options.HiddenSize;
        var model = new Sequential(
            new SequenceInput(features, Normalization.ZScore),
            new Lstm(features, h, bidirectional: true, seed: options.Seed * 7919 + 1) { OutputMode = OutputMode.Sequence },
            new Attention(2 * h, AttentionKind.Additive, seed: options.Seed * 7919 + 2),
            new Dense(2 * h, 2, seed: options.Seed * 7919 + 3),
            new Softmax());
        model.Metadata.ClassNames = ["no rain", "rain"];

        TrainingHistory history = model.Fit(train, new TrainingOptions
        {
            Optimizer = OptimizerKind.Adam,
            InitialLearnRate = options.LearnRate,
            MaxEpochs = options.MaxEpochs,
            MiniBatchSize = options.MiniBatchSize,
            Shuffle = ShuffleMode.EveryEpoch,
            GradientThreshold = 1,
            Seed = options.Seed,
            OnEpoch = e => log(string.Create(CultureInfo.InvariantCulture,
                $"epoch {e.Epoch,3}/{options.MaxEpochs}  loss {e.TrainingLoss:F4}  train accuracy {e.TrainingMetric:P1}  {e.Elapsed.TotalSeconds:F1} s")),
        });

        int[] predicted = [.. model.Classify(testInputs).Select(static r => r.Label)];
        double accuracy = ClassificationMetrics.Accuracy(truth, predicted);
        log(string.Create(CultureInfo.InvariantCulture,
            $"test: {truth.Zip(predicted).Count(static p => p.First == p.Second)}/{truth.Length} days right"));
        return new SeattleRainResult(accuracy, persistenceAccuracy, majorityAccuracy, truth.Length, trainInputs.Count, history, model);
    }

    /// <summary>Rows [start, start + length) of the feature columns (then the two season columns, when given) as a (length, F) tensor.</summary>
    private static Tensor Window(TimeSeriesTable table, float[,]? season, int start, int length)
    {
        IReadOnlyList<int> columns = table.FeatureIndices;
        int width = columns.Count + (season is null ? 0 : 2);
        var data = new float[length * width];
        for (int t = 0; t < length; t++)
        {
            for (int f = 0; f < columns.Count; f++)
            {
                data[t * width + f] = table.Values[start + t, columns[f]];
            }

            if (season is not null)
            {
                data[t * width + columns.Count] = season[start + t, 0];
                data[t * width + columns.Count + 1] = season[start + t, 1];
            }
        }

        return Tensor.FromArray(data, length, width);
    }

    /// <summary>Per day, (sin, cos) of 2π·(day of year − 1)/365.25 from the ISO dates.</summary>
    private static float[,] Season(IReadOnlyList<string> dates)
    {
        var season = new float[dates.Count, 2];
        for (int i = 0; i < dates.Count; i++)
        {
            DateOnly date = DateOnly.ParseExact(dates[i], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            double angle = 2 * Math.PI * (date.DayOfYear - 1) / 365.25;
            season[i, 0] = (float)Math.Sin(angle);
            season[i, 1] = (float)Math.Cos(angle);
        }

        return season;
    }
}
