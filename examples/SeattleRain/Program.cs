using System.Globalization;

namespace Recur.Examples.SeattleRain;

/// <summary>Runs the example at full size and prints progress, then "accuracy: … (baseline …)" as the last line, the baseline
/// being "same as today" (persistence) on the same test days.</summary>
public static class Program
{
    /// <summary>The entry point: no arguments (full size), "--quick" for the small seeded version of the tests, "--seed N" for another seed.</summary>
    public static int Main(string[] args)
    {
        SeattleRainOptions options = SeattleRainOptions.Full;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                options = SeattleRainOptions.Small with { Seed = options.Seed };
            }
            else if (args[i] == "--seed" && i + 1 < args.Length && ulong.TryParse(args[i + 1], CultureInfo.InvariantCulture, out ulong s))
            {
                options = options with { Seed = s };
                i++;
            }
            else
            {
                Console.Error.WriteLine("usage: dotnet run -c Release --project examples/SeattleRain [-- --quick] [--seed N]");
                return 2;
            }
        }

        Console.WriteLine("Seattle rain tomorrow: 30 days of (prcp, tmax, tmin, rain) → SequenceInput(z-score) → BiLSTM(64) → Attention → Dense(2) → Softmax; train 1948–2012, test 2013–2017");
        SeattleRainResult result = SeattleRainExample.Run(options with { Log = Console.WriteLine });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy: {result.TestAccuracy:F4} (baseline {result.PersistenceAccuracy:F4})"));
        return 0;
    }
}
