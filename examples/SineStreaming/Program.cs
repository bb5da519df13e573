namespace Recur.Examples.SineStreaming;

/// <summary>Runs the full-size (or with <c>--quick</c> the small, tested) sine-streaming example and prints its metric line last.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("Sine streaming: LSTM → TimeDistributed(Dense(1)) next-value prediction, then PredictAndUpdateState one step at a time");
        SineStreamingResult result = SineStreamingExample.Run(new SineStreamingOptions(Quick: args.Contains("--quick"), Log: Console.WriteLine));
        Console.WriteLine($"trained on {result.TrainSequences} noisy waves for {result.Epochs} epochs; streamed a fresh {result.TestSteps}-step wave one step at a time");
        Console.WriteLine($"next-value forecast over the test wave: {result.RmseLine}");
        Console.WriteLine($"control: each step predicted alone from a zero state differs from the whole-sequence prediction by up to {result.StatelessDifference:F4}");
        Console.WriteLine($"streamed vs whole-sequence prediction: {(result.StreamingMatches ? "equal" : "DIFFERENT")} within {result.Tolerance:0e+00} (the baseline below is that tolerance)");
        Console.WriteLine(result.MetricLine);
        return result.StreamingMatches ? 0 : 1;
    }
}
