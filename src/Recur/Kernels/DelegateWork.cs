namespace Recur.Kernels;

/// <summary>A <see cref="ComputeWork"/> whose parts run a delegate (part index in): e.g. the two directions of a layer, or the layers of a pipeline.</summary>
/// <param name="part">Runs one part.</param>
internal sealed class DelegateWork(Action<int> part) : ComputeWork
{
    /// <inheritdoc/>
    public override void Execute(int index) => part(index);
}
