using System.Globalization;
using System.Text;
using Recur.Autograd;

namespace Recur;

/// <summary>
/// A float32 tensor: contiguous, row-major (the last index varies fastest), with a shape.
/// A tensor may take part in reverse-mode automatic differentiation: set <see cref="RequiresGrad"/> on a leaf,
/// compute with it, call <see cref="Backward"/> on a scalar result and read <see cref="Grad"/>.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly float[] _data;
    private readonly int[] _shape;
    private bool _requiresGrad;
    private bool _pooled;
    private bool _disposed;

    /// <summary>Wraps <paramref name="data"/> without copying; the caller gives up the array.</summary>
    internal Tensor(float[] data, int[] shape)
    {
        _data = data;
        _shape = shape;
    }

    /// <summary>A copy of the shape (one length per axis; empty for a scalar).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The shape without a copy, for internal use.</summary>
    internal ReadOnlySpan<int> Dims => _shape;

    /// <summary>The number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (the product of the shape; 1 for a scalar).</summary>
    public int Length => _data.Length;

    /// <summary>The underlying array (row-major), for kernels inside the library.</summary>
    /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
    internal float[] Buffer => Data;

    /// <summary>Whether <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => _disposed;

    private float[] Data
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _data;
        }
    }

    /// <summary>A mutable view of the elements in row-major order. Writing through it bypasses autograd.</summary>
    public Span<float> AsSpan() => Data;

    /// <summary>A read-only view of the elements in row-major order.</summary>
    public ReadOnlySpan<float> AsReadOnlySpan() => Data;

    /// <summary>The length of axis <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Size(int axis) => _shape[NormalizeAxis(axis, "Size")];

    /// <summary>Element access by a full multi-index (one index per axis). Writes bypass autograd.</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] index]
    {
        get => Data[FlatIndex(index)];
        set => Data[FlatIndex(index)] = value;
    }

    /// <summary>The single value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float Item()
    {
        if (Data.Length != 1)
        {
            throw new InvalidOperationException($"Item: expected a tensor with one element, got shape {FormatShape(_shape)}.");
        }

        return Data[0];
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public float[] ToArray() => (float[])Data.Clone();

    /// <summary>
    /// Whether gradients are computed for this tensor. Settable on leaves only (tensors not produced by a
    /// recorded operation); results of recorded operations require gradients when any input does.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null)
            {
                throw new InvalidOperationException(
                    $"RequiresGrad can only be set on leaf tensors; this tensor was produced by {GradFn.Name}. Use Detach() first.");
            }

            _requiresGrad = value;
        }
    }

    /// <summary>
    /// The accumulated gradient of a leaf tensor (same shape), or null before any backward pass reached it.
    /// Gradients add up across <see cref="Backward"/> calls until <see cref="ZeroGrad()"/>.
    /// </summary>
    public Tensor? Grad { get; set; }

    /// <summary>The recorded operation that produced this tensor, or null for a leaf.</summary>
    public Function? GradFn { get; private set; }

    /// <summary>Which output of <see cref="GradFn"/> this tensor is.</summary>
    internal int OutputIndex { get; private set; }

    /// <summary>True when the tensor was not produced by a recorded operation.</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>
    /// Back-propagates from this tensor. Without <paramref name="gradient"/> the tensor must hold one element and
    /// the seed is 1; otherwise <paramref name="gradient"/> must have this tensor's shape.
    /// </summary>
    public void Backward(Tensor? gradient = null) => BackwardEngine.Run(this, gradient);

    /// <summary>Clears the accumulated gradient (sets <see cref="Grad"/> to null).</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>
    /// Clears the accumulated gradient: with <paramref name="setToNone"/> it sets <see cref="Grad"/> to null (as
    /// <see cref="ZeroGrad()"/>); otherwise it fills the existing gradient with zeros and keeps its buffer, so the next
    /// backward pass accumulates into it instead of allocating a new one (PyTorch's <c>zero_grad(set_to_none=False)</c>;
    /// the way a training loop avoids a parameter-sized allocation per step).
    /// </summary>
    public void ZeroGrad(bool setToNone)
    {
        if (setToNone)
        {
            Grad = null;
        }
        else
        {
            Grad?.AsSpan().Clear();
        }
    }

    /// <summary>A tensor sharing this one's data but cut off from the graph (a leaf that does not require gradients).</summary>
    public Tensor Detach() => new(Data, _shape);

    /// <summary>A deep copy of the data, cut off from the graph.</summary>
    public Tensor Clone() => new((float[])Data.Clone(), (int[])_shape.Clone());

    /// <summary>
    /// Ends this tensor's use: afterwards every access to its elements throws <see cref="ObjectDisposedException"/>.
    /// The outputs of the recurrent layers (<see cref="Modules.RnnOutput"/>) hold pooled storage: disposing one hands
    /// its array to the next call of the same size instead of leaving it to the garbage collector, which is what keeps
    /// a training loop's memory flat (PyTorch frees an output as soon as its last reference goes; .NET only at the next
    /// collection). Storage is handed back only when nothing recorded still needs it: at once when the tensor was made
    /// under no-grad or the backward pass has already run through the operation that made it, else when that operation's
    /// backward runs (so <c>out, _ = lstm(x)</c>-style code can dispose the unused h_n and c_n straight away); if no
    /// backward pass ever reaches the operation, the storage is left to the collector.
    /// </summary>
    /// <remarks>
    /// A tensor that shares the storage (<see cref="Detach"/>) must not be used after the owner is disposed: its
    /// elements may be overwritten by a later call. Disposing twice is harmless. Tensors that do not hold pooled
    /// storage are only marked disposed.
    /// </remarks>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_pooled)
        {
            return;
        }

        if (GradFn is null)
        {
            TensorPool.Return(_data);
        }
        else
        {
            GradFn.ReturnAfterBackward(_data);
        }
    }

    /// <summary>Wraps a <see cref="TensorPool"/> array: <see cref="Dispose"/> hands it back to the pool.</summary>
    internal static Tensor WrapPooled(float[] data, int[] shape) => new(data, shape) { _pooled = true };

    internal void SetGradFn(Function fn, int outputIndex)
    {
        GradFn = fn;
        OutputIndex = outputIndex;
        _requiresGrad = true;
    }

    internal int NormalizeAxis(int axis, string operation)
    {
        int a = axis < 0 ? axis + _shape.Length : axis;
        if (a < 0 || a >= _shape.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis,
                $"{operation}: axis {axis} is out of range for a tensor of rank {_shape.Length} (shape {FormatShape(_shape)}).");
        }

        return a;
    }

    private int FlatIndex(int[] index)
    {
        if (index.Length != _shape.Length)
        {
            throw new ArgumentException(
                $"Indexer: expected {_shape.Length} indices for shape {FormatShape(_shape)}, got {index.Length}.", nameof(index));
        }

        int flat = 0;
        for (int d = 0; d < index.Length; d++)
        {
            int i = index[d];
            if ((uint)i >= (uint)_shape[d])
            {
                throw new ArgumentOutOfRangeException(nameof(index), i,
                    $"Indexer: index {i} on axis {d} is out of range for shape {FormatShape(_shape)}.");
            }

            flat = flat * _shape[d] + i;
        }

        return flat;
    }

    /// <summary>Formats a shape as "(2, 3)".</summary>
    public static string FormatShape(ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        if (shape.Length == 1)
        {
            sb.Append(',');
        }

        return sb.Append(')').ToString();
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder("Tensor");
        sb.Append(FormatShape(_shape));
        if (GradFn is not null)
        {
            sb.Append(" grad_fn=").Append(GradFn.Name);
        }
        else if (_requiresGrad)
        {
            sb.Append(" requires_grad");
        }

        return sb.ToString();
    }
}
