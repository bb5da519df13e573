using System.Globalization;
using System.Text;

namespace Recur.Tests.Cli;

/// <summary>Small synthetic CSV files for the CLI tests.</summary>
internal static class SyntheticData
{
    /// <summary>A monthly series "month,sales,price" of <paramref name="rows"/> rows: trend + season 12 + noise, from 2000-01.</summary>
    public static string MonthlySeries(int rows = 96, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder("month,sales,price\n");
        var month = new DateTime(2000, 1, 1);
        for (int t = 0; t < rows; t++)
        {
            double sales = 100 + (2 * t) + (15 * Math.Sin(2 * Math.PI * t / 12)) + random.NextDouble();
            double price = 10 + random.NextDouble();
            text.Append(CultureInfo.InvariantCulture, $"{month.AddMonths(t):yyyy-MM},{sales:F3},{price:F3}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Long-layout sequences "seq,label,step,a,b": class "up" rises, class "down" falls, lengths 5–9, in shuffled row
    /// order within each sequence (the step column orders them).
    /// </summary>
    public static string LongSequences(int count = 40, int seed = 2, bool splitColumn = false)
    {
        var random = new Random(seed);
        var text = new StringBuilder(splitColumn ? "seq,split,label,step,a,b\n" : "seq,label,step,a,b\n");
        for (int i = 0; i < count; i++)
        {
            bool up = i % 2 == 0;
            int length = 5 + random.Next(5);
            int[] order = Enumerable.Range(1, length).ToArray();
            random.Shuffle(order);
            foreach (int step in order)
            {
                double a = (up ? step : -step) + (0.3 * random.NextDouble());
                double b = random.NextDouble();
                string split = splitColumn ? (i < count * 3 / 4 ? "train," : "test,") : "";
                text.Append(CultureInfo.InvariantCulture, $"s{i:D3},{split}{(up ? "up" : "down")},{step},{a:F3},{b:F3}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>UCR-style wide sequences "label,t1…t8": label 1 rises, label 2 falls; some rows shorter (trailing empty cells).</summary>
    public static string WideSequences(int count = 30, int seed = 3)
    {
        var random = new Random(seed);
        var text = new StringBuilder("label," + string.Join(',', Enumerable.Range(1, 8).Select(t => "t" + t)) + "\n");
        for (int i = 0; i < count; i++)
        {
            int label = 1 + (i % 2);
            int length = 6 + random.Next(3);
            var cells = Enumerable.Range(1, 8).Select(t => t <= length
                ? ((label == 1 ? t : -t) + random.NextDouble()).ToString("F3", CultureInfo.InvariantCulture)
                : "");
            text.Append(CultureInfo.InvariantCulture, $"{label},{string.Join(',', cells)}\n");
        }

        return text.ToString();
    }
}
