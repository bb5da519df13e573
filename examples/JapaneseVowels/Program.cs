using System.Globalization;

namespace Recur.Examples.JapaneseVowels;

/// <summary>Runs the example at full size and prints progress, then "accuracy: … (baseline …)" as the last line.</summary>
public static class Program
{
    /// <summary>The entry point: no arguments, or "--seed N" to train with another seed.</summary>
    public static int Main(string[] args)
    {
        ulong seed = JapaneseVowelsOptions.Full.Seed;
        if (args.Length == 2 && args[0] == "--seed" && ulong.TryParse(args[1], CultureInfo.InvariantCulture, out ulong s))
        {
            seed = s;
        }
        else if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project examples/JapaneseVowels [-- --seed N]");
            return 2;
        }

        Console.WriteLine("Japanese Vowels: SequenceInput(12) → BiLSTM(100, last) → Dense(9) → Softmax; Adam, mini-batch 27, gradient threshold 1, 50 epochs");
        JapaneseVowelsResult result = JapaneseVowelsExample.Run(JapaneseVowelsOptions.Full with { Seed = seed, Log = Console.WriteLine });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy: {result.TestAccuracy:F4} (baseline {result.BaselineAccuracy:F4})"));
        return 0;
    }
}
