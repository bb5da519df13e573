namespace Recur.Cli.Workflow;

/// <summary>
/// Finds the season (period) of a series from its autocorrelation: the series is detrended by a least-squares line,
/// its autocorrelation r(k) computed for k = 1 … maxLag, and the season is the local maximum of r with the largest
/// prominence (r(k) minus the lowest r at a shorter lag), when r(k) ≥ 0.2 and the prominence is at least 0.1. A trend
/// or a random walk (r decaying without a later peak) has no season (1); noise wiggles on a slowly decaying r have
/// little prominence and are passed over.
/// </summary>
internal static class SeasonDetector
{
    /// <summary>The smallest autocorrelation accepted as a seasonal peak.</summary>
    public const double MinPeak = 0.2;

    /// <summary>The smallest rise of r from its lowest value at shorter lags for a peak to count.</summary>
    public const double MinProminence = 0.1;

    /// <summary>The detected season (≥ 2), or 1 when there is none.</summary>
    /// <param name="series">The values, oldest first.</param>
    /// <param name="maxLag">The longest season looked for (also limited to a third of the series).</param>
    public static int Detect(IReadOnlyList<double> series, int maxLag = 400)
    {
        ArgumentNullException.ThrowIfNull(series);
        int n = series.Count;
        maxLag = Math.Min(maxLag, n / 3);
        if (maxLag < 2)
        {
            return 1;
        }

        double[] r = Autocorrelation(Detrend(series), maxLag);
        int best = 1;
        double bestProminence = MinProminence;
        double lowest = r[1];
        for (int k = 2; k <= maxLag; k++)
        {
            lowest = Math.Min(lowest, r[k - 1]);
            bool peak = r[k] >= r[k - 1] && (k == maxLag || r[k] >= r[k + 1]);
            double prominence = r[k] - lowest;
            if (peak && r[k] >= MinPeak && prominence > bestProminence + 1e-9)
            {
                best = k;
                bestProminence = prominence;
            }
        }

        return best;
    }

    /// <summary>The series minus its least-squares line.</summary>
    internal static double[] Detrend(IReadOnlyList<double> series)
    {
        int n = series.Count;
        double meanT = (n - 1) / 2.0, meanY = series.Average();
        double sxy = 0, sxx = 0;
        for (int t = 0; t < n; t++)
        {
            sxy += (t - meanT) * (series[t] - meanY);
            sxx += (t - meanT) * (t - meanT);
        }

        double slope = sxx > 0 ? sxy / sxx : 0;
        var result = new double[n];
        for (int t = 0; t < n; t++)
        {
            result[t] = series[t] - meanY - (slope * (t - meanT));
        }

        return result;
    }

    /// <summary>r(0 … maxLag) of a centred series (r(0) = 1; all 0 for a constant series).</summary>
    internal static double[] Autocorrelation(double[] x, int maxLag)
    {
        double mean = x.Average();
        double variance = x.Sum(v => (v - mean) * (v - mean));
        var r = new double[maxLag + 1];
        if (variance <= 0)
        {
            return r;
        }

        for (int k = 0; k <= maxLag; k++)
        {
            double s = 0;
            for (int t = k; t < x.Length; t++)
            {
                s += (x[t] - mean) * (x[t - k] - mean);
            }

            r[k] = s / variance;
        }

        return r;
    }
}
