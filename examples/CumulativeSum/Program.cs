namespace Recur.Examples.CumulativeSum;

/// <summary>Runs the full-size cumulative-sum example and prints its metric line last.</summary>
internal static class Program
{
    private static void Main()
    {
        Console.WriteLine("Cumulative sum: BiLSTM → TimeDistributed(Dense(2)), label of step t = running sum > 2.5");
        CumulativeSumResult result = CumulativeSumExample.Run(new CumulativeSumOptions(Log: Console.WriteLine));
        Console.WriteLine($"trained on {result.TrainSequences} sequences for {result.Epochs} epochs; tested on {result.TestSequences} fresh sequences ({result.TestSequences * CumulativeSumExample.SequenceLength} steps)");
        Console.WriteLine(result.MetricLine);
    }
}
