using System.Buffers;

namespace Recur.Autograd;

/// <summary>
/// Runs one backward pass: collects the recorded nodes reachable from the root, replays them in reverse
/// recording order, routes gradients to producers and accumulates into leaves' <see cref="Tensor.Grad"/>.
/// <para>The gradients of intermediate (non-leaf) tensors belong to the pass alone: they are rented from the shared
/// array pool and given back as soon as the node that consumes them has run, so a training step leaves no
/// output-sized garbage behind (ops only ever see them as spans, which cannot outlive their <c>Backward</c> call).</para>
/// </summary>
internal sealed class BackwardEngine
{
    private readonly Dictionary<Function, float[]?[]> _pending = new(ReferenceEqualityComparer.Instance);

    public static void Run(Tensor root, Tensor? gradient)
    {
        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException(
                $"Backward: the tensor {Tensor.FormatShape(root.Dims)} does not require gradients (no input of the computation has RequiresGrad = true, or it was computed under NoGrad).");
        }

        float[] seed;
        if (gradient is null)
        {
            if (root.Length != 1)
            {
                throw new ArgumentException(
                    $"Backward: without an explicit gradient the tensor must have one element; got shape {Tensor.FormatShape(root.Dims)}.",
                    nameof(gradient));
            }

            seed = ArrayPool<float>.Shared.Rent(1);
            seed[0] = 1f;
        }
        else
        {
            if (!gradient.Dims.SequenceEqual(root.Dims))
            {
                throw new ArgumentException(
                    $"Backward: the gradient must have the tensor's shape {Tensor.FormatShape(root.Dims)}; got {Tensor.FormatShape(gradient.Dims)}.",
                    nameof(gradient));
            }

            seed = ArrayPool<float>.Shared.Rent(Math.Max(gradient.Length, 1));
            gradient.AsSpan().CopyTo(seed);
        }

        var engine = new BackwardEngine();
        if (root.GradFn is null)
        {
            AddInto(engine.GradientBuffer(root), seed.AsSpan(0, root.Length));
            ArrayPool<float>.Shared.Return(seed);
            return;
        }

        engine.Execute(root, seed);
    }

    private void Execute(Tensor root, float[] seed)
    {
        Function rootFn = root.GradFn!;
        var nodes = new List<Function>();
        var seen = new HashSet<Function>(ReferenceEqualityComparer.Instance) { rootFn };
        var stack = new Stack<Function>();
        stack.Push(rootFn);
        while (stack.Count > 0)
        {
            Function fn = stack.Pop();
            nodes.Add(fn);
            foreach (Tensor input in fn.Inputs)
            {
                if (input.GradFn is { } producer && seen.Add(producer))
                {
                    stack.Push(producer);
                }
            }
        }

        nodes.Sort(static (a, b) => b.Sequence.CompareTo(a.Sequence));
        var rootGrads = new float[]?[rootFn.OutputLengths.Length];
        rootGrads[root.OutputIndex] = seed;
        _pending[rootFn] = rootGrads;

        var context = new GradientContext(this);
        foreach (Function fn in nodes)
        {
            if (!_pending.Remove(fn, out float[]?[]? grads))
            {
                continue; // no gradient flowed into this node
            }

            context.Reset(fn, grads);
            try
            {
                fn.Backward(context);
            }
            finally
            {
                fn.BackwardDone = true;
                ReturnAll(grads);
            }
        }
    }

    /// <summary>A zeroed pooled buffer of at least <paramref name="length"/> floats for a non-leaf gradient.</summary>
    internal static float[] RentZeroed(int length)
    {
        float[] a = ArrayPool<float>.Shared.Rent(Math.Max(length, 1));
        a.AsSpan(0, length).Clear();
        return a;
    }

    private static void ReturnAll(float[]?[] grads)
    {
        for (int i = 0; i < grads.Length; i++)
        {
            if (grads[i] is { } a)
            {
                ArrayPool<float>.Shared.Return(a);
            }

            grads[i] = null;
        }
    }

    /// <summary>The accumulation buffer for <paramref name="tensor"/>'s gradient in this pass.</summary>
    internal Span<float> GradientBuffer(Tensor tensor)
    {
        if (!tensor.RequiresGrad)
        {
            throw new InvalidOperationException($"Backward: asked for the gradient of a tensor that does not require gradients ({tensor}).");
        }

        if (tensor.GradFn is null)
        {
            Tensor? g = tensor.Grad;
            if (g is null || g.Length != tensor.Length)
            {
                g = Tensor.Wrap(new float[tensor.Length], tensor.Shape);
                tensor.Grad = g;
            }

            return g.AsSpan();
        }

        Function producer = tensor.GradFn;
        if (!_pending.TryGetValue(producer, out float[]?[]? slots))
        {
            slots = new float[]?[producer.OutputLengths.Length];
            _pending[producer] = slots;
        }

        return (slots[tensor.OutputIndex] ??= RentZeroed(tensor.Length)).AsSpan(0, tensor.Length);
    }

    private static void AddInto(Span<float> destination, ReadOnlySpan<float> source)
    {
        System.Numerics.Tensors.TensorPrimitives.Add(destination, source, destination);
    }
}
