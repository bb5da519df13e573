namespace Recur.Training;

/// <summary>How gradients are clipped when <see cref="TrainingOptions.GradientThreshold"/> is set (MATLAB's GradientThresholdMethod).</summary>
public enum GradientThresholdMethod
{
    /// <summary>All gradients are scaled together so that their joint L2 norm is at most the threshold (<see cref="Optim.GradClip.ClipGradNorm"/>).</summary>
    GlobalL2Norm,

    /// <summary>Each parameter's gradient is scaled so that its own L2 norm is at most the threshold (MATLAB's "l2norm"); the default.</summary>
    L2Norm,

    /// <summary>Each gradient element is clamped to [−threshold, threshold] (<see cref="Optim.GradClip.ClipGradValue"/>).</summary>
    AbsoluteValue,
}
