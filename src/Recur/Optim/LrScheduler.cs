namespace Recur.Optim;

/// <summary>
/// A closed-form learning-rate schedule: lr = f(base lr, epoch). Creating it records the optimizer's current
/// learning rate as <see cref="BaseLr"/> (epoch 0); each <see cref="Step"/> advances the epoch by one and sets the
/// optimizer's <see cref="Optimizer.LearningRate"/> to the value for the new epoch (PyTorch's
/// <c>scheduler.step()</c> after each epoch).
/// </summary>
public abstract class LrScheduler
{
    /// <summary>Records the optimizer and its current learning rate as the base rate.</summary>
    protected LrScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        BaseLr = optimizer.LearningRate;
    }

    /// <summary>The optimizer whose learning rate is set.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The learning rate at epoch 0.</summary>
    public double BaseLr { get; }

    /// <summary>The number of <see cref="Step"/> calls so far (PyTorch's last_epoch).</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The learning rate last set (the base rate before any step).</summary>
    public double LastLr => LearningRateAt(LastEpoch);

    /// <summary>Advances one epoch and sets the optimizer's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        Optimizer.LearningRate = LearningRateAt(LastEpoch);
    }

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (≥ 0).</summary>
    public abstract double LearningRateAt(int epoch);
}
