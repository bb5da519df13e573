using System.Globalization;

namespace Recur.Examples.DailyMinTemperatures;

/// <summary>
/// <c>dotnet run -c Release --project examples/DailyMinTemperatures [-- --small] [--seed N] [--epochs N] [--hidden N] [--lookback N] [--stride N]</c>:
/// runs the full-size example and prints progress and, as the last line, <c>RMSE: … (baseline …)</c>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        ExampleOptions options = new() { Log = Console.WriteLine };
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--small" or "--quick": options = options with { Size = ExampleSize.Small }; break;
                case "--seed" when i + 1 < args.Length: options = options with { Seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--epochs" when i + 1 < args.Length: options = options with { Epochs = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--hidden" when i + 1 < args.Length: options = options with { HiddenSize = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--lookback" when i + 1 < args.Length: options = options with { Lookback = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--stride" when i + 1 < args.Length: options = options with { TrainingStride = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'; expected --small, --seed N, --epochs N, --hidden N, --lookback N or --stride N");
                    return 2;
            }
        }

        Console.WriteLine("Daily minimum temperatures (Melbourne): LSTM one-step forecasts of 1990 from the previous days");
        ExampleResult result = DailyMinTemperaturesExample.Run(options);
        Console.WriteLine(result.FinalLine);
        return 0;
    }
}
