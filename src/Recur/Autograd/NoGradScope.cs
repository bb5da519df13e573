namespace Recur.Autograd;

/// <summary>A scope in which no operation is recorded; returned by <see cref="GradMode.NoGrad"/>. Dispose once.</summary>
public sealed class NoGradScope : IDisposable
{
    private bool _disposed;

    internal NoGradScope()
    {
    }

    /// <summary>Leaves the scope.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            GradMode.Exit();
        }
    }
}
