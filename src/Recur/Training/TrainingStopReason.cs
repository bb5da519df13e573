namespace Recur.Training;

/// <summary>Why <c>Model.Fit</c> stopped.</summary>
public enum TrainingStopReason
{
    /// <summary>All <see cref="TrainingOptions.MaxEpochs"/> epochs ran.</summary>
    MaxEpochs,

    /// <summary>The validation loss did not improve for <see cref="TrainingOptions.ValidationPatience"/> validations (early stopping).</summary>
    EarlyStopping,

    /// <summary>The cancellation token was cancelled; training stopped after the current iteration.</summary>
    Cancelled,
}
