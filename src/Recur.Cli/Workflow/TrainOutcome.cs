using Recur.Data;
using Recur.Metrics;
using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Workflow;

/// <summary>What <c>recur train</c> produced: the model (recipe stored), its history and the held-out scores.</summary>
/// <param name="Model">The trained model (best weights).</param>
/// <param name="Recipe">The recipe stored in the model.</param>
/// <param name="History">The training history.</param>
/// <param name="Series">Forecasting: the whole series (training data then test file); null for classification.</param>
/// <param name="OneStep">Forecasting: one-step-ahead forecasts over every window of <paramref name="Series"/>.</param>
/// <param name="FirstTestRow">Forecasting: the first original row of the held-out part.</param>
/// <param name="Scores">Forecasting: the held-out scores.</param>
/// <param name="Classification">Classification: the held-out report.</param>
/// <param name="HeldOut">Classification: the held-out sequences.</param>
internal sealed record TrainOutcome(
    Model Model,
    DataRecipe Recipe,
    TrainingHistory History,
    TimeSeriesTable? Series,
    OneStepForecasts? OneStep,
    int FirstTestRow,
    ForecastScores? Scores,
    ClassificationReport? Classification,
    SequenceTable? HeldOut);
