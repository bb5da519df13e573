namespace Recur.Examples.ReverseDigits;

/// <summary>Runs the full-size (or with <c>--quick</c> the small, tested) digit-reversal example and prints its metric line last.</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        Console.WriteLine("Reverse digits: EncoderDecoder (LSTM encoder → LSTM decoder), teacher forcing in training, greedy decoding");
        ReverseDigitsResult result = ReverseDigitsExample.Run(new ReverseDigitsOptions(Quick: args.Contains("--quick"), Log: Console.WriteLine));
        Console.WriteLine($"trained on {result.TrainSequences} sequences (lengths {result.MinLength}–{result.MaxLength}) for {result.Epochs} epochs; tested on {result.TestSequences} fresh sequences");
        foreach (string example in result.Examples)
        {
            Console.WriteLine($"  {example}");
        }

        Console.WriteLine($"sequence accuracy (every token right): {result.SequenceAccuracy:F4}");
        Console.WriteLine(result.MetricLine);
    }
}
