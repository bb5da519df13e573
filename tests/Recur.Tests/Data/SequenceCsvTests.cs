using Recur.Data;
using Recur.Tests.IO;
using Xunit;

namespace Recur.Tests.Data;

/// <summary>Long and wide sequence layouts: grouping, ordering, labels, splits, fills and batches.</summary>
public sealed class SequenceCsvTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string content)
    {
        string path = _dir.File(Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void LongRowsAreGroupedByIdAndOrderedBySteps()
    {
        string path = Write("id,step,label,a,b,note\nq,2,dog,2,20,x\np,1,cat,5,50,y\nq,1,dog,1,10,z\nq,3,dog,3,30,w\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id", StepColumn = "step", LabelColumn = "label" });
        Assert.Equal(["q", "p"], table.Ids);
        Assert.Equal(["a", "b"], table.FeatureColumns); // note is text: not a feature
        Assert.Equal(new float[,] { { 1, 10 }, { 2, 20 }, { 3, 30 } }, table.Sequences[0]);
        Assert.Equal(new float[,] { { 5, 50 } }, table.Sequences[1]);
        Assert.Equal(["cat", "dog"], table.ClassNames);
        Assert.Equal([1, 0], table.Labels);
        Assert.Equal([2, 3], table.Lines);
        Assert.Null(table.Splits);
    }

    [Fact]
    public void WithoutAStepColumnFileOrderIsKept()
    {
        string path = Write("id,label,a\ns,1,3\ns,1,1\ns,1,2\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id", LabelColumn = "label" });
        Assert.Equal(new float[,] { { 3 }, { 1 }, { 2 } }, table.Sequences[0]);
    }

    [Fact]
    public void IntegerLabelsSortNumericallyTextLabelsOrdinally()
    {
        string numeric = Write("id,label,a\ns1,10,1\ns2,9,1\ns3,-1,1\ns4,09,1\n");
        var n = SequenceCsv.Load(numeric, new SequenceCsvOptions { IdColumn = "id", LabelColumn = "label" });
        Assert.Equal(["-1", "9", "10"], n.ClassNames);
        Assert.Equal([2, 1, 0, 1], n.Labels);

        string text = Write("id,label,a\ns1,b,1\ns2,B,1\ns3,a10,1\ns4,a9,1\ns5,7,1\n");
        var t = SequenceCsv.Load(text, new SequenceCsvOptions { IdColumn = "id", LabelColumn = "label" });
        Assert.Equal(["7", "B", "a10", "a9", "b"], t.ClassNames);
        Assert.Equal([4, 1, 2, 3, 0], t.Labels);
    }

    [Fact]
    public void GivenClassNamesMapATestFileToTheTrainingClasses()
    {
        string path = Write("id,label,a\ns1,3,1\ns2,1,1\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id", LabelColumn = "label", ClassNames = ["1", "2", "3"] });
        Assert.Equal(["1", "2", "3"], table.ClassNames);
        Assert.Equal([2, 0], table.Labels);
    }

    [Fact]
    public void UnlabelledDataHasNoLabels()
    {
        string path = Write("id,a\ns1,1\ns2,2\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id" });
        Assert.Null(table.Labels);
        Assert.Empty(table.ClassNames);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void SplitColumnSeparatesTrainAndTest()
    {
        string path = Write("id,split,label,a\ns1,train,1,1\ns2,TEST,2,2\ns3,Train,1,3\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id", LabelColumn = "label", SplitColumn = "split" });
        Assert.Equal([SequenceSplit.Train, SequenceSplit.Test, SequenceSplit.Train], table.Splits);
        Assert.Equal(["s1", "s3"], table.Part(SequenceSplit.Train).Ids);
        var test = table.Part(SequenceSplit.Test);
        Assert.Equal(["s2"], test.Ids);
        Assert.Equal(["1", "2"], test.ClassNames);
        Assert.Equal([1], test.Labels);
    }

    [Fact]
    public void MissingFeatureCellsAreFilledWithinTheirSequence()
    {
        string path = Write("id,step,a\ns1,1,1\ns1,2,\ns1,3,3\ns2,1,\ns2,2,8\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id", StepColumn = "step", Missing = MissingValuePolicy.Linear });
        Assert.Equal(new float[,] { { 1 }, { 2 }, { 3 } }, table.Sequences[0]);
        Assert.Equal(new float[,] { { 8 }, { 8 } }, table.Sequences[1]); // not filled from s1
        Assert.Equal(2, table.FilledCount);
    }

    [Fact]
    public void WideLayoutHasOneUnivariateSequencePerRowAndTrailingEmptiesShortenIt()
    {
        string path = Write("id,label,t1,t2,t3,t4\na,2,0.1,0.2,0.3,0.4\nb,1,1,2,,\nc,2,5,,,\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { Layout = SequenceLayout.Wide, IdColumn = "id", LabelColumn = "label" });
        Assert.Equal(["a", "b", "c"], table.Ids);
        Assert.Equal(["value"], table.FeatureColumns);
        Assert.Equal([4, 2, 1], Enumerable.Range(0, 3).Select(table.Length));
        Assert.Equal(new float[,] { { 1 }, { 2 } }, table.Sequences[1]);
        Assert.Equal([1, 0, 1], table.Labels);
        Assert.Equal([2, 3, 4], table.Lines);
    }

    [Fact]
    public void WideLayoutWithoutIdNumbersTheRows()
    {
        string path = Write("label,t1,t2\nx,1,2\ny,3,4\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { Layout = SequenceLayout.Wide, LabelColumn = "label" });
        Assert.Equal(["1", "2"], table.Ids);
        Assert.Equal(new float[,] { { 3 }, { 4 } }, table.Sequences[1]);
    }

    [Fact]
    public void BatchesAreRightPaddedWithLengths()
    {
        string path = Write("id,a,b\np,1,2\np,3,4\nq,5,6\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id" });
        var batch = table.ToBatch([1, 0]);
        Assert.Equal([2, 2, 2], batch.Data.Shape);
        Assert.Equal([5f, 6f, 0f, 0f, 1f, 2f, 3f, 4f], batch.Data.ToArray());
        Assert.Equal([1, 2], batch.Lengths!);
        Assert.Null(table.ToBatch([0]).Lengths);
        Assert.Equal([1, 2], table.SequenceTensor(1).Shape);
    }

    [Fact]
    public void ScalerFittedOnTrainSequencesScalesTheTable()
    {
        string path = Write("id,split,a\ns1,train,1\ns1,train,3\ns2,test,11\n");
        var table = SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id", SplitColumn = "split" });
        var scaler = new ZScoreScaler(table.FeatureColumns);
        scaler.Fit(table.Part(SequenceSplit.Train).Sequences);
        Assert.Equal([2.0], scaler.Mean);
        var scaled = scaler.Transform(table);
        Assert.Equal(new float[,] { { -1 }, { 1 } }, scaled.Sequences[0]);
        Assert.Equal(new float[,] { { 9 } }, scaled.Sequences[1]);
    }

    [Fact]
    public void InconsistentOptionsAreArgumentErrors()
    {
        string path = Write("id,label,a\ns1,1,1\n");
        Assert.Throws<ArgumentException>(() => SequenceCsv.Load(path, new SequenceCsvOptions { LabelColumn = "label" }));
        Assert.Throws<ArgumentException>(() => SequenceCsv.Load(path, new SequenceCsvOptions { Layout = SequenceLayout.Wide, FeatureColumns = ["a"] }));
        Assert.Throws<ArgumentException>(() => SequenceCsv.Load(path, new SequenceCsvOptions { IdColumn = "id", LabelColumn = "id" }));
    }
}
