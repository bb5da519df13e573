using Recur.Models;
using Recur.Training;

namespace Recur.Examples.SeattleRain;

/// <summary>What <see cref="SeattleRainExample.Run"/> measured, all on the test days 2013-01-01 … 2017-12-13.</summary>
/// <param name="TestAccuracy">The model's accuracy at predicting whether it rains the next day, in [0, 1].</param>
/// <param name="PersistenceAccuracy">The "same as today" baseline: rain tomorrow if and only if it rained today (0.7279 in the dataset's README).</param>
/// <param name="MajorityAccuracy">The "never rains" baseline (the majority class of the training years).</param>
/// <param name="TestCount">Test days (1,808).</param>
/// <param name="TrainCount">Training windows.</param>
/// <param name="History">The training history.</param>
/// <param name="Model">The trained model.</param>
public sealed record SeattleRainResult(
    double TestAccuracy,
    double PersistenceAccuracy,
    double MajorityAccuracy,
    int TestCount,
    int TrainCount,
    TrainingHistory History,
    Sequential Model);
