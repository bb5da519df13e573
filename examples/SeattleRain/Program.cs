using System.Globalization;

namespace Recur.Examples.SeattleRain;

/// <summary>Runs the example at full size and prints progress, then "accuracy: … (baseline …)" as the last line, the baseline
/// being "same as today" (persistence) on the same test days.</summary>
public static class Program
{
    /// <summary>The entry point: no arguments, or "--seed N" to train with another seed.</summary>
    public static int Main(string[] args)
    {
        ulong seed = SeattleRainOptions.Full.Seed;
        if (args.Length == 2 && args[0] == "--seed" && ulong.TryParse(args[1], CultureInfo.InvariantCulture, out ulong s))
        {
            seed = s;
        }
        else if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project examples/SeattleRain [-- --seed N]");
            return 2;
        }

        Console.WriteLine("Seattle rain tomorrow: 30 days of (prcp, tmax, tmin, rain) → SequenceInput(z-score) → BiLSTM(64) → Attention → Dense(2) → Softmax; train 1948–2012, test 2013–2017");
        SeattleRainResult result = SeattleRainExample.Run(SeattleRainOptions.Full with { Seed = seed, Log = Console.WriteLine });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy: {result.TestAccuracy:F4} (baseline {result.PersistenceAccuracy:F4})"));
        return 0;
    }
}
