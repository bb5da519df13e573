using System.Globalization;

namespace Recur.Examples.AirlinePassengers;

/// <summary>
/// <c>dotnet run -c Release --project examples/AirlinePassengers [-- --small] [--seed N] [--members N] [--epochs N] [--hidden N] [--lookback N]</c>:
/// runs the full-size example and prints progress, the 1960 forecast and, as the last line, <c>RMSE: … (baseline …)</c>.
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
                case "--members" when i + 1 < args.Length: options = options with { Members = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--epochs" when i + 1 < args.Length: options = options with { Epochs = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--hidden" when i + 1 < args.Length: options = options with { HiddenSize = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--lookback" when i + 1 < args.Length: options = options with { Lookback = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'; expected --small, --seed N, --members N, --epochs N, --hidden N or --lookback N");
                    return 2;
            }
        }

        Console.WriteLine("Airline passengers: LSTM on the yearly log growth, closed-loop forecast of 1960");
        ExampleResult result = AirlinePassengersExample.Run(options);
        Console.WriteLine("month    actual  forecast");
        for (int i = 0; i < result.Months.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Months[i]}  {result.Actual[i],6:F0}  {result.Forecast[i],8:F1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Members' RMSE: {string.Join(", ", result.MemberRmse.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}"));
        Console.WriteLine(result.FinalLine);
        return 0;
    }
}
