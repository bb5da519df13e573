using System.Runtime.CompilerServices;
using Recur.Data;
using Recur.Tests.IO;
using Xunit;

namespace Recur.Tests.Data;

/// <summary>
/// Each malformed CSV file raises <see cref="DataException"/> (never a raw .NET exception) whose properties and
/// message name the file, the line (as in the file, header = 1) and the column.
/// </summary>
public sealed class MalformedCsvTests : IDisposable
{
    private static readonly TimeSeriesCsvOptions Forecast = new() { TargetColumns = ["y"] };

    private static readonly SequenceCsvOptions Sequences = new()
    {
        IdColumn = "id", StepColumn = "step", LabelColumn = "label", SplitColumn = "split",
    };

    private static readonly SequenceCsvOptions Wide = new() { Layout = SequenceLayout.Wide, IdColumn = "id", LabelColumn = "label" };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // ---- time series ----

    [Fact]
    public void NonNumericCell() =>
        AssertLoad("date,y\n2000-01,1\n2000-02,abc\n", Forecast, 3, "y", 2, "non-numeric value 'abc'");

    [Fact]
    public void RaggedRowTooShort() =>
        AssertLoad("date,x,y\n2000-01,1,2\n2000-02,3\n", Forecast, 3, "y", 3, "ragged row: it has 2 cells but the header has 3 columns");

    [Fact]
    public void RaggedRowTooLong() =>
        AssertLoad("date,y\n2000-01,1\n2000-02,2,3\n", Forecast, 3, null, 3, "ragged row: it has 3 cells but the header has 2 columns");

    [Fact]
    public void HeaderOnly() =>
        AssertLoad("date,y\n", Forecast, 2, null, null, "header row but no data rows");

    [Fact]
    public void EmptyFile() =>
        AssertLoad("", Forecast, null, null, null, "the file is empty");

    [Fact]
    public void BlankFile() =>
        AssertLoad("\n\n", Forecast, null, null, null, "the file is empty");

    [Fact]
    public void UnknownTargetColumnListsTheColumns()
    {
        var e = AssertLoad("date,x\n2000-01,1\n", Forecast, 1, "y", null, "unknown target column 'y'");
        Assert.Contains("the columns are 'date', 'x'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFeatureColumnListsTheColumns()
    {
        var e = AssertLoad("date,x,y\n2000-01,1,2\n", Forecast with { FeatureColumns = ["x", "z"] }, 1, "z", null, "unknown feature column 'z'");
        Assert.Contains("'date', 'x', 'y'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTimeColumn() =>
        AssertLoad("date,y\n2000-01,1\n", Forecast with { TimeColumn = "when" }, 1, "when", null, "unknown time column 'when'");

    [Fact]
    public void DuplicatedColumnName() =>
        AssertLoad("date,y,x,y\n2000-01,1,2,3\n", Forecast, 1, "y", 4, "duplicated column name 'y' (also column #2)");

    [Fact]
    public void NaNCell() =>
        AssertLoad("date,y\n2000-01,1\n2000-02,NaN\n", Forecast, 3, "y", 2, "is NaN");

    [Fact]
    public void InfiniteCell() =>
        AssertLoad("date,x,y\n2000-01,1,1\n2000-02,-Infinity,2\n", Forecast, 3, "x", 2, "infinite");

    [Fact]
    public void ValueOutsideFloatRange() =>
        AssertLoad("date,y\n2000-01,1\n2000-02,1e39\n", Forecast, 3, "y", 2, "outside the 32-bit float range");

    [Fact]
    public void EmptyCellWithPolicyError() =>
        AssertLoad("date,y\n2000-01,1\n2000-02,\n2000-03,3\n", Forecast, 3, "y", 2, "empty cell (missing value)");

    [Fact]
    public void EmptyColumnCannotBeFilled() =>
        AssertLoad("date,x,y\n2000-01,1,\n2000-02,2,\n", Forecast with { Missing = MissingValuePolicy.Linear }, 2, "y", 3, "every cell of the column is empty");

    [Fact]
    public void LineNumbersCountBlankLines() =>
        AssertLoad("date,y\n2000-01,1\n\n\n2000-02,x2\n", Forecast, 5, "y", 2, "non-numeric value 'x2'");

    [Fact]
    public void LineNumbersCountLineBreaksInsideQuotedCells() =>
        AssertLoad("date,y\n\"2000\n01\",1\n2000-02,two\n", Forecast, 4, "y", 2, "non-numeric value 'two'");

    [Fact]
    public void TimeColumnCannotBeTheTarget() =>
        AssertLoad("date,y\n2000-01,1\n", new TimeSeriesCsvOptions { TargetColumns = ["y"], TimeColumn = "y" }, 1, "y", 2, "is the time column");

    [Fact]
    public void UnclosedQuote()
    {
        var e = AssertLoad("date,y\n2000-01,1\n2000-02,\"2\n2000-03,3\n", Forecast, 3, null, null, "not valid CSV");
        Assert.Null(e.Column);
    }

    [Fact]
    public void TooFewRowsForLookbackAndHorizon()
    {
        string path = Write("date,y\n2000-01,1\n2000-02,2\n2000-03,3\n2000-04,4\n");
        var table = TimeSeriesCsv.Load(path, Forecast);
        var e = Assert.Throws<DataException>(() => Windowing.Create(table, 3, 2));
        AssertLocated(e, path, 5, "y", null);
        Assert.Contains("too few rows: the series has 4 rows (lines 2–5) but lookback 3 + horizon 2 needs at least 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewTrainingRowsForLookbackAndHorizon()
    {
        string path = Write("date,y\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"d{i},{i}\n")));
        var table = TimeSeriesCsv.Load(path, Forecast);
        var e = Assert.Throws<DataException>(() => Windowing.Create(table, 4, 1, 1, ChronologicalSplit.FromFractions(10, 0.4, 0.3)));
        AssertLocated(e, path, 5, "y", null);
        Assert.Contains("the training part has 4 rows (lines 2–5) but lookback 4 + horizon 1 needs at least 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewTestRowsForTheHorizon()
    {
        string path = Write("date,y\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"d{i},{i}\n")));
        var table = TimeSeriesCsv.Load(path, Forecast);
        var e = Assert.Throws<DataException>(() => Windowing.Create(table, 2, 3, 1, new ChronologicalSplit(6, 2, 2)));
        Assert.Contains("the validation part has 2 rows (lines 8–9)", e.Message, StringComparison.Ordinal);
        AssertLocated(e, path, 9, "y", null);
    }

    [Fact]
    public void MissingFile()
    {
        string path = _dir.File("nowhere.csv");
        var e = Assert.Throws<DataException>(() => TimeSeriesCsv.Load(path, Forecast));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    // ---- sequences, long layout ----

    [Fact]
    public void LabelChangesWithinASequence() =>
        AssertLoad("id,split,label,step,a\ns1,train,1,1,0.5\ns1,train,2,2,0.6\ns2,test,1,1,0.7\n", Sequences, 3, "label", 3,
            "the label changes within sequence 's1': '2' here but '1' on line 2");

    [Fact]
    public void StepNotInteger() =>
        AssertLoad("id,split,label,step,a\ns1,train,1,1,0.5\ns1,train,1,1.5,0.6\ns2,test,1,1,0.7\n", Sequences, 3, "step", 4,
            "step '1.5' is not an integer");

    [Fact]
    public void DuplicateStepWithinASequence() =>
        AssertLoad("id,split,label,step,a\ns1,train,1,1,0.5\ns2,test,1,1,0.7\ns1,train,1,1,0.6\n", Sequences, 4, "step", 4,
            "duplicate step 1 in sequence 's1' (also on line 2)");

    [Fact]
    public void SplitValueNotTrainOrTest() =>
        AssertLoad("id,split,label,step,a\ns1,train,1,1,0.5\ns2,dev,1,1,0.7\n", Sequences, 3, "split", 2,
            "split value 'dev'; expected 'train' or 'test'");

    [Fact]
    public void SplitChangesWithinASequence() =>
        AssertLoad("id,split,label,step,a\ns1,train,1,1,0.5\ns1,test,1,2,0.7\ns2,test,1,1,0.7\n", Sequences, 3, "split", 2,
            "the split changes within sequence 's1'");

    [Fact]
    public void NoSequenceInTheTestSplit()
    {
        var e = AssertLoad("id,split,label,step,a\ns1,train,1,1,0.5\ns2,train,2,1,0.7\n", Sequences, null, "split", 2,
            "no sequence has split 'test'");
        Assert.Contains("lines 2–3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptySequenceId() =>
        AssertLoad("id,split,label,step,a\ns1,train,1,1,0.5\n,test,1,1,0.7\n", Sequences, 3, "id", 1, "empty sequence id");

    [Fact]
    public void EmptyLabel() =>
        AssertLoad("id,split,label,step,a\ns1,train,1,1,0.5\ns2,test,,1,0.7\n", Sequences, 3, "label", 3, "empty label");

    [Fact]
    public void NonNumericFeatureInASequence() =>
        AssertLoad("id,split,label,step,a,b\ns1,train,1,1,0.5,1\ns1,train,1,2,0.5,x\ns2,test,1,1,0.7,1\n", Sequences, 3, "b", 6,
            "non-numeric value 'x'");

    [Fact]
    public void EmptyFeatureCellInASequence() =>
        AssertLoad("id,split,label,step,a,b\ns1,train,1,1,0.5,1\ns1,train,1,2,,2\ns2,test,1,1,0.7,1\n", Sequences, 3, "a", 5,
            "empty cell (missing value)");

    [Fact]
    public void UnknownLabelColumnListsTheColumns()
    {
        var e = AssertLoad("id,split,class,step,a\ns1,train,1,1,0.5\n", Sequences, 1, "label", null, "unknown label column 'label'");
        Assert.Contains("'id', 'split', 'class', 'step', 'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelNotAmongTheGivenClasses() =>
        AssertLoad("id,label,a\ns1,cat,0.5\ns2,cow,0.7\n", new SequenceCsvOptions { IdColumn = "id", LabelColumn = "label", ClassNames = ["cat", "dog"] },
            3, "label", 2, "label 'cow' is not one of the 2 classes (cat, dog)");

    [Fact]
    public void FeatureThatIsTheLabel() =>
        AssertLoad("id,label,a\ns1,1,0.5\n", new SequenceCsvOptions { IdColumn = "id", LabelColumn = "label", FeatureColumns = ["a", "label"] },
            1, "label", 2, "cannot also be a feature");

    // ---- sequences, wide layout ----

    [Fact]
    public void WideNonNumericStep() =>
        AssertLoad("id,label,t1,t2,t3\na,1,0.1,0.2,0.3\nb,2,0.1,oops,0.3\n", Wide, 3, "t2", 4, "non-numeric value 'oops'");

    [Fact]
    public void WideEmptyCellInsideASequence() =>
        AssertLoad("id,label,t1,t2,t3\na,1,0.1,,0.3\n", Wide, 2, "t2", 4, "empty cell (missing value) inside the sequence");

    [Fact]
    public void WideDuplicateId() =>
        AssertLoad("id,label,t1,t2\na,1,0.1,0.2\nb,1,0.1,0.2\na,2,0.3,0.4\n", Wide, 4, "id", 1, "duplicate sequence id 'a'");

    [Fact]
    public void WideRowWithNoValues() =>
        AssertLoad("id,label,t1,t2\na,1,0.1,0.2\nb,1,,\n", Wide, 3, "t1", 3, "the sequence has no values");

    [Fact]
    public void WideRaggedRow() =>
        AssertLoad("id,label,t1,t2\na,1,0.1,0.2\nb,1,0.1,0.2,0.3\n", Wide, 3, null, 5, "ragged row");

    // ---- helpers ----

    private DataException AssertLoad(string content, TimeSeriesCsvOptions options, int? line, string? column, int? columnIndex, string phrase,
        [CallerMemberName] string test = "")
    {
        string path = Write(content, test);
        var e = Assert.Throws<DataException>(() => TimeSeriesCsv.Load(path, options));
        AssertLocated(e, path, line, column, columnIndex);
        Assert.Contains(phrase, e.Message, StringComparison.Ordinal);
        return e;
    }

    private DataException AssertLoad(string content, SequenceCsvOptions options, int? line, string? column, int? columnIndex, string phrase,
        [CallerMemberName] string test = "")
    {
        string path = Write(content, test);
        var e = Assert.Throws<DataException>(() => SequenceCsv.Load(path, options));
        AssertLocated(e, path, line, column, columnIndex);
        Assert.Contains(phrase, e.Message, StringComparison.Ordinal);
        return e;
    }

    private static void AssertLocated(DataException e, string path, int? line, string? column, int? columnIndex)
    {
        Assert.Equal(path, e.FilePath);
        Assert.Contains(Path.GetFileName(path), e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Equal(columnIndex, e.ColumnIndex);
        if (line is int l)
        {
            Assert.Contains($", line {l}", e.Message, StringComparison.Ordinal);
        }

        if (column is not null)
        {
            Assert.Contains($"column '{column}'" + (columnIndex is int c ? $" (#{c})" : ""), e.Message, StringComparison.Ordinal);
        }
        else if (columnIndex is int c)
        {
            Assert.Contains($"column #{c}", e.Message, StringComparison.Ordinal);
        }
    }

    private string Write(string content, [CallerMemberName] string test = "")
    {
        string path = _dir.File(test + ".csv");
        File.WriteAllText(path, content);
        return path;
    }
}
