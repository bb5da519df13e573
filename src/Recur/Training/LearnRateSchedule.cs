namespace Recur.Training;

/// <summary>How the learning rate changes during training (<see cref="TrainingOptions.LearnRateSchedule"/>); built on <see cref="Optim"/>.</summary>
public enum LearnRateSchedule
{
    /// <summary>The learning rate stays at its initial value; the default.</summary>
    None,

    /// <summary>Multiplied by <see cref="TrainingOptions.LearnRateDropFactor"/> every <see cref="TrainingOptions.LearnRateDropPeriod"/> epochs (<see cref="Optim.StepLr"/>, MATLAB's "piecewise").</summary>
    Step,

    /// <summary>Multiplied by <see cref="TrainingOptions.LearnRateDropFactor"/> after every epoch (<see cref="Optim.ExponentialLr"/>).</summary>
    Exponential,

    /// <summary>Cosine annealing from the initial rate to <see cref="TrainingOptions.MinLearnRate"/> over <see cref="TrainingOptions.MaxEpochs"/> epochs (<see cref="Optim.CosineAnnealingLr"/>).</summary>
    Cosine,

    /// <summary>
    /// Multiplied by <see cref="TrainingOptions.LearnRateDropFactor"/> (not below <see cref="TrainingOptions.MinLearnRate"/>) when
    /// the epoch's validation loss (the training loss without validation data) has not improved for
    /// <see cref="TrainingOptions.LearnRateDropPeriod"/> epochs (<see cref="Optim.ReduceLrOnPlateau"/>).
    /// </summary>
    ReduceOnPlateau,
}
