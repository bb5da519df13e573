using System.Diagnostics;
using Recur.Cli.Reporting;
using Xunit;

namespace Recur.Tests.Cli.Reporting;

/// <summary>
/// Renders reports in a real browser (headless Chromium, Debian package <c>chromium</c>) and checks the screenshot:
/// a PNG of the window size, many colours, and the charts' own colours present (the SVG really drew). Skipped, with
/// the reason shown, where Chromium is not installed. Set RECUR_REPORT_PNG_DIR to keep the screenshots.
/// </summary>
public sealed class ChromiumRenderTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const int WindowWidth = 1200;
    private const int WindowHeight = 2400;

    [SkippableFact]
    public void ForecastReportRendersInChromium()
    {
        PngImage image = Screenshot(ReportSamples.AirlineForecast(), "report-forecast.png");

        Assert.True(image.CountNear("#0072B2", 40) > 300, "the blue actual / training-loss lines are missing from the screenshot.");
        Assert.True(image.CountNear("#D55E00", 40) > 300, "the vermillion forecast / validation-loss lines are missing from the screenshot.");
        Assert.True(image.CountNear("#fdebe1", 4) > 5000, "the shaded test range is missing from the screenshot.");
    }

    [SkippableFact]
    public void ClassificationReportRendersInChromium()
    {
        PngImage image = Screenshot(ReportSamples.SpeakerClassification(), "report-classification.png");

        Assert.True(image.CountNear("#08306b", 24) > 2000, "the dark diagonal cells of the heat map are missing from the screenshot.");
        Assert.True(image.CountNear("#cfe0f1", 4) > 500, "the per-class F1 bars are missing from the screenshot.");
    }

    private static PngImage Screenshot(ReportData data, string name)
    {
        Skip.IfNot(File.Exists(Chromium), $"headless Chromium is not installed at {Chromium} (apt-get install chromium); the browser check did not run.");

        string dir = Directory.CreateTempSubdirectory("recur-report-").FullName;
        try
        {
            string html = Path.Combine(dir, "report.html");
            string png = Path.Combine(dir, name);
            HtmlReport.Write(html, data);
            var start = new ProcessStartInfo(Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[]
            {
                "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + Path.Combine(dir, "profile"), "--screenshot=" + png, $"--window-size={WindowWidth},{WindowHeight}",
                new Uri(html).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using (Process process = Process.Start(start)!)
            {
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                _ = process.StandardOutput.ReadToEndAsync();
                if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail("Chromium did not finish the screenshot within 120 s.");
                }

                Assert.True(File.Exists(png), $"Chromium wrote no screenshot (exit code {process.ExitCode}): {stderr.Result}");
            }

            byte[] bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 20_000, $"the screenshot is only {bytes.Length} bytes.");
            Assert.Equal((WindowWidth, WindowHeight), PngImage.ReadSize(bytes));
            PngImage image = PngImage.Decode(bytes);
            Assert.True(image.DistinctColors() > 50, $"the screenshot has only {image.DistinctColors()} colours.");

            string? keep = Environment.GetEnvironmentVariable("RECUR_REPORT_PNG_DIR");
            if (!string.IsNullOrEmpty(keep))
            {
                Directory.CreateDirectory(keep);
                File.Copy(png, Path.Combine(keep, name), overwrite: true);
                File.Copy(html, Path.Combine(keep, Path.ChangeExtension(name, ".html")), overwrite: true);
            }

            return image;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
