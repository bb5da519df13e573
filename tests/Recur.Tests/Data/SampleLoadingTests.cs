using Recur.Data;
using Xunit;

namespace Recur.Tests.Data;

/// <summary>Each bundled sample loads with the counts its README gives.</summary>
public sealed class SampleLoadingTests
{
    [Theory]
    [InlineData("airline_passengers")]
    [InlineData("daily_min_temperatures")]
    [InlineData("japanese_vowels")]
    [InlineData("seattle_rain")]
    public void EverySampleHasAReadmeWithProvenanceAndLicense(string name)
    {
        string readme = File.ReadAllText(Path.Combine(Samples.Folder(name), "README.md"));
        Assert.Contains("## Provenance", readme, StringComparison.Ordinal);
        Assert.Contains("## License", readme, StringComparison.Ordinal);
        Assert.Contains("## Reference results", readme, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Samples.Folder(name), "*.csv"));
    }

    [Fact]
    public void AirlinePassengersIs144MonthsWithTheMonthAsTimeColumn()
    {
        var table = TimeSeriesCsv.Load(Samples.AirlinePassengers, new TimeSeriesCsvOptions { TargetColumns = ["passengers"] });
        Assert.Equal(144, table.RowCount);
        Assert.Equal("month", table.TimeColumn);
        Assert.Equal(["passengers"], table.ColumnNames);
        Assert.Equal(["passengers"], table.FeatureColumns);
        Assert.Equal("1949-01", table.TimeValues![0]);
        Assert.Equal("1960-12", table.TimeValues[^1]);
        float[] p = table.Column("passengers");
        Assert.Equal(112f, p[0]);
        Assert.Equal(104f, p.Min());
        Assert.Equal(622f, p.Max());
        Assert.Equal(2, table.Lines[0]);
        Assert.Equal(145, table.Lines[^1]);
    }

    [Fact]
    public void DailyMinimumTemperaturesIs3650Days()
    {
        var table = TimeSeriesCsv.Load(Samples.DailyMinTemperatures, new TimeSeriesCsvOptions { TargetColumns = ["temp_c"] });
        Assert.Equal(3650, table.RowCount);
        Assert.Equal("date", table.TimeColumn);
        Assert.Equal("1981-01-01", table.TimeValues![0]);
        float[] t = table.Column("temp_c");
        Assert.Equal(20.7f, t[0]);
        Assert.Equal(0f, t.Min());
        Assert.Equal(26.3f, t.Max());
    }

    [Fact]
    public void JapaneseVowelsHasTheOfficialSplitNineClassesAndTwelveFeatures()
    {
        var table = SequenceCsv.Load(Samples.JapaneseVowels, new SequenceCsvOptions
        {
            IdColumn = "sequence_id", StepColumn = "step", LabelColumn = "label", SplitColumn = "split",
        });
        Assert.Equal(640, table.Count);
        Assert.Equal(12, table.FeatureCount);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => "f" + i), table.FeatureColumns);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9"], table.ClassNames);
        Assert.Equal(9961, Enumerable.Range(0, table.Count).Sum(table.Length));

        var train = table.Part(SequenceSplit.Train);
        var test = table.Part(SequenceSplit.Test);
        Assert.Equal(270, train.Count);
        Assert.Equal(370, test.Count);
        Assert.Equal(4274, Enumerable.Range(0, train.Count).Sum(train.Length));
        Assert.Equal((7, 26), (train.MinLength, train.MaxLength));
        Assert.Equal((7, 29), (test.MinLength, test.MaxLength));
        Assert.All(Enumerable.Range(0, 9), k => Assert.Equal(30, train.Labels!.Count(l => l == k)));
        Assert.Equal([31, 35, 88, 44, 29, 24, 40, 50, 29], Enumerable.Range(0, 9).Select(k => test.Labels!.Count(l => l == k)));

        // MATLAB's first training sequence is 12×20 and its first test sequence 12×19.
        Assert.Equal("train_001", table.Ids[0]);
        Assert.Equal(20, table.Length(0));
        Assert.Equal("test_001", test.Ids[0]);
        Assert.Equal(19, test.Length(0));
        Assert.Equal(1.860936f, table.Sequences[0][0, 0]);
        Assert.Equal(0.088728f, table.Sequences[0][0, 11]);
        Assert.Equal(2, table.Lines[0]);
    }

    [Fact]
    public void SeattleRainStopsAtItsFirstEmptyCellByDefaultAndLoadsWithAFill()
    {
        string path = Samples.SeattleRain;
        var e = Assert.Throws<DataException>(() => TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["rain_tomorrow"] }));
        Assert.Equal(18417, e.Line);
        Assert.Equal("prcp_in", e.Column);
        Assert.Equal(2, e.ColumnIndex);
        Assert.Contains("line 18417", e.Message, StringComparison.Ordinal);

        var table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = ["rain_tomorrow"], Missing = MissingValuePolicy.Forward });
        Assert.Equal(25551, table.RowCount);
        Assert.Equal("date", table.TimeColumn);
        Assert.Equal(["prcp_in", "tmax_f", "tmin_f", "rain", "rain_tomorrow"], table.FeatureColumns);
        Assert.Equal(10, table.FilledCount); // 3 prcp_in, 3 rain, 4 rain_tomorrow
        float[] prcp = table.Column("prcp_in");
        Assert.Equal(prcp[18414], prcp[18415]); // 1998-06-02 takes 1998-06-01's value
        Assert.Equal(0f, prcp[18414]);

        // Predicting tomorrow from today's weather without the answer among the inputs.
        var explicitFeatures = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions
        {
            TargetColumns = ["rain_tomorrow"], FeatureColumns = ["prcp_in", "tmax_f", "tmin_f", "rain"], Missing = MissingValuePolicy.Zero,
        });
        Assert.Equal(["prcp_in", "tmax_f", "tmin_f", "rain"], explicitFeatures.FeatureColumns);
        Assert.Equal(["prcp_in", "tmax_f", "tmin_f", "rain", "rain_tomorrow"], explicitFeatures.ColumnNames);
        Assert.Equal([4], explicitFeatures.TargetIndices);
    }
}
