using Recur.Models;
using Recur.Training;

namespace Recur.Examples.JapaneseVowels;

/// <summary>What <see cref="JapaneseVowelsExample.Run"/> measured.</summary>
/// <param name="TestAccuracy">Accuracy on the 370 official test sequences, in [0, 1].</param>
/// <param name="BaselineAccuracy">The majority-class baseline: the accuracy of always answering the most frequent class
/// of the test set (speaker 3, 88/370 = 0.2378; the training set is balanced, 30 per speaker, so it has no majority).</param>
/// <param name="Correct">Test sequences classified correctly.</param>
/// <param name="TestCount">Test sequences (370).</param>
/// <param name="History">The training history.</param>
/// <param name="Model">The trained model.</param>
public sealed record JapaneseVowelsResult(
    double TestAccuracy,
    double BaselineAccuracy,
    int Correct,
    int TestCount,
    TrainingHistory History,
    Sequential Model);
