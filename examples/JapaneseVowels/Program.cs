using System.Globalization;

namespace Recur.Examples.JapaneseVowels;

/// <summary>Runs the example at full size and prints progress, then "accuracy: … (baseline …)" as the last line.</summary>
public static class Program
{
    /// <summary>The entry point: no arguments (full size), "--quick" for the small seeded version of the tests, "--seed N" for another seed.</summary>
    public static int Main(string[] args)
    {
        JapaneseVowelsOptions options = JapaneseVowelsOptions.Full;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                options = JapaneseVowelsOptions.Small with { Seed = options.Seed };
            }
            else if (args[i] == "--seed" && i + 1 < args.Length && ulong.TryParse(args[i + 1], CultureInfo.InvariantCulture, out ulong s))
            {
                options = options with { Seed = s };
                i++;
            }
            else
            {
                Console.Error.WriteLine("usage: dotnet run -c Release --project examples/JapaneseVowels [-- --quick] [--seed N]");
                return 2;
            }
        }

        Console.WriteLine($"Japanese Vowels: SequenceInput(12) → BiLSTM(100, last) → Dense(9) → Softmax; Adam, mini-batch 27, gradient threshold 1, {options.MaxEpochs} epochs");
        JapaneseVowelsResult result = JapaneseVowelsExample.Run(options with { Log = Console.WriteLine });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy: {result.TestAccuracy:F4} (baseline {result.BaselineAccuracy:F4})"));
        return 0;
    }
}
