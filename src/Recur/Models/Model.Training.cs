using Recur.Layers;
using Recur.Training;

namespace Recur.Models;

public abstract partial class Model
{
    /// <summary>
    /// Trains the model on <paramref name="train"/> with <paramref name="options"/> (MATLAB's <c>trainNetwork</c>,
    /// Keras's <c>fit</c>). Before the first iteration every <see cref="INormalizingLayer"/> that is not fitted is fitted
    /// on the training inputs, and every <see cref="IStochasticLayer"/> is reseeded from <see cref="TrainingOptions.Seed"/>.
    /// Each iteration pads a mini-batch to (B, T, F) with the lengths (see <see cref="TrainingOptions.SequenceLength"/>),
    /// runs the model in training mode, takes the loss over the outputs that have targets (the last valid step per
    /// sequence, or every valid step), adds the L2 penalty to the gradients, clips them and applies one optimizer step.
    /// The model output must be (B, C) / (B, T, C) class scores (logits, or probabilities when
    /// <see cref="OutputsProbabilities"/>) for class labels and (B, O) / (B, T, O) for regression.
    /// Afterwards <see cref="Metadata"/> holds the options (<see cref="ModelMetadata.TrainingOptions"/>), the final
    /// metrics ("loss", "accuracy" or "rmse", "val_loss", "val_accuracy" or "val_rmse", "best_val_loss", "best_epoch",
    /// "epochs", "iterations") and the per-epoch history (the same names plus "epoch", "learning_rate",
    /// "elapsed_seconds"). The modules' training modes and stateful flags are restored, and carried states reset.
    /// </summary>
    /// <param name="train">The training data.</param>
    /// <param name="options">The options; null means <c>new TrainingOptions()</c>.</param>
    /// <param name="cancellationToken">Stops training cleanly after the current iteration: the history so far is returned with <see cref="TrainingHistory.Cancelled"/> set, and with <see cref="TrainingOptions.RestoreBestWeights"/> the best weights so far are restored.</param>
    /// <returns>The per-epoch history and how training ended.</returns>
    /// <exception cref="ArgumentException">The options are invalid or do not fit the data or the model (the message names the option).</exception>
    /// <exception cref="TrainingDivergedException">A loss or gradient became NaN or infinite; the model keeps the weights of the last good iteration.</exception>
    /// <exception cref="InvalidOperationException">The model's output shape does not fit the targets.</exception>
    public TrainingHistory Fit(SequenceDataset train, TrainingOptions? options = null, CancellationToken cancellationToken = default) =>
        new Trainer(this, train, options ?? new TrainingOptions(), cancellationToken).Run();

    /// <summary>
    /// The forward pass used by <see cref="Fit"/> and its validation. The default is <c>Forward(input).Data</c>;
    /// sequence-to-sequence models override it to use the target tokens (teacher forcing, see <see cref="EncoderDecoder"/>).
    /// </summary>
    /// <param name="input">The padded batch (B, T, F) and lengths.</param>
    /// <param name="targetTokens">The target token sequences of the batch (sequence-to-sequence data only); null otherwise or when the call has no loss.</param>
    /// <param name="teacherForcingRatio">The probability of feeding the true previous token (0 in validation).</param>
    /// <param name="seed">The seed of this iteration's teacher-forcing draws.</param>
    /// <returns>The output data (see <see cref="Fit"/> for the shapes).</returns>
    protected internal virtual Tensor ForwardForTraining(SequenceBatch input, IReadOnlyList<int[]>? targetTokens, double teacherForcingRatio, ulong seed) =>
        Forward(input).Data;
}
