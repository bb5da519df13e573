namespace Recur.Tests.Data;

/// <summary>Paths of the bundled sample data sets (samples/ at the repository root).</summary>
internal static class Samples
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recur.slnx")) && Directory.Exists(Path.Combine(dir.FullName, "samples")))
            {
                return Path.Combine(dir.FullName, "samples");
            }
        }

        throw new DirectoryNotFoundException($"no samples/ folder next to Recur.slnx above {AppContext.BaseDirectory}.");
    });

    public static string AirlinePassengers => Path.Combine(Root.Value, "airline_passengers", "airline_passengers.csv");

    public static string DailyMinTemperatures => Path.Combine(Root.Value, "daily_min_temperatures", "daily_min_temperatures.csv");

    public static string JapaneseVowels => Path.Combine(Root.Value, "japanese_vowels", "japanese_vowels.csv");

    public static string SeattleRain => Path.Combine(Root.Value, "seattle_rain", "seattle_weather_1948_2017.csv");

    public static string Folder(string name) => Path.Combine(Root.Value, name);
}
