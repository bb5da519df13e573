namespace Recur.Examples.CumulativeSum;

/// <summary>Runs the full-size (or with <c>--quick</c> the small, tested) cumulative-sum example and prints its metric line last.</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        Console.WriteLine("Cumulative sum: BiLSTM → TimeDistributed(Dense(2)), label of step t = running sum > 2.5");
        CumulativeSumResult result = CumulativeSumExample.Run(new CumulativeSumOptions(Quick: args.Contains("--quick"), Log: Console.WriteLine));
        Console.WriteLine($"trained on {result.TrainSequences} sequences for {result.Epochs} epochs; tested on {result.TestSequences} fresh sequences ({result.TestSequences * CumulativeSumExample.SequenceLength} steps)");
        Console.WriteLine(result.MetricLine);
    }
}
