namespace Recur.Training;

/// <summary>The optimizer of <see cref="TrainingOptions.Optimizer"/> (MATLAB's solverName), built on <see cref="Optim"/>.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (<see cref="Optim.Adam"/>); the default.</summary>
    Adam,

    /// <summary>Stochastic gradient descent with momentum (<see cref="Optim.Sgd"/>, MATLAB's "sgdm").</summary>
    SgdMomentum,

    /// <summary>RMSProp (<see cref="Optim.RmsProp"/>).</summary>
    RmsProp,

    /// <summary>Adam with decoupled weight decay (<see cref="Optim.AdamW"/>).</summary>
    AdamW,
}
