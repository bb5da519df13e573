using Recur.Examples.JapaneseVowels;
using Xunit;

namespace Recur.Tests.Examples;

/// <summary>
/// The Japanese Vowels example, small (BiLSTM of 32 units, 20 epochs, the full 270/370 data): well above the
/// majority-class baseline, and the same seed gives bit-identical weights with 1 or 2 threads.
/// </summary>
public sealed class JapaneseVowelsTests
{
    [Fact]
    public void SmallRunClassifiesSpeakersAndIsDeterministic()
    {
        JapaneseVowelsResult two = ExampleWeights.WithThreads(2, () => JapaneseVowelsExample.Run(JapaneseVowelsOptions.Small));

        Assert.Equal(370, two.TestCount);
        Assert.Equal(88.0 / 370, two.BaselineAccuracy, 1e-12); // speaker 3, the test set's most frequent class
        Assert.Equal(20, two.History.Epochs.Count);
        Assert.True(two.History.Epochs[^1].TrainingLoss < two.History.Epochs[0].TrainingLoss / 4,
            $"training loss should fall well: {two.History.Epochs[0].TrainingLoss} → {two.History.Epochs[^1].TrainingLoss}");
        // The full run reaches ~0.94–0.96; the small one must still be far above the 0.24 baseline.
        Assert.True(two.TestAccuracy >= 0.85, $"test accuracy {two.TestAccuracy:F4} should be ≥ 0.85 (baseline {two.BaselineAccuracy:F4})");
        Assert.Equal(two.Correct / 370.0, two.TestAccuracy, 1e-12);

        JapaneseVowelsResult one = ExampleWeights.WithThreads(1, () => JapaneseVowelsExample.Run(JapaneseVowelsOptions.Small));
        Assert.Equal(ExampleWeights.Of(two.Model), ExampleWeights.Of(one.Model));
        Assert.Equal(two.TestAccuracy, one.TestAccuracy);
    }

    [Fact]
    public void MissingDataFileIsReported()
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-no-such-{Guid.NewGuid():N}.csv");
        Assert.ThrowsAny<Exception>(() => JapaneseVowelsExample.Run(JapaneseVowelsOptions.Small with { DataPath = path }));
    }
}
