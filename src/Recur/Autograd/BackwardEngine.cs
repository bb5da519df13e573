namespace Recur.Autograd;

/// <summary>
/// Runs one backward pass: collects the recorded nodes reachable from the root, replays them in reverse
/// recording order, routes gradients to producers and accumulates into leaves' <see cref="Tensor.Grad"/>.
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

            seed = [1f];
        }
        else
        {
            if (!gradient.Dims.SequenceEqual(root.Dims))
            {
                throw new ArgumentException(
                    $"Backward: the gradient must have the tensor's shape {Tensor.FormatShape(root.Dims)}; got {Tensor.FormatShape(gradient.Dims)}.",
                    nameof(gradient));
            }

            seed = gradient.ToArray();
        }

        var engine = new BackwardEngine();
        if (root.GradFn is null)
        {
            AddInto(engine.GradientBuffer(root), seed);
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
            fn.Backward(context);
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

        return slots[tensor.OutputIndex] ??= new float[tensor.Length];
    }

    private static void AddInto(Span<float> destination, ReadOnlySpan<float> source)
    {
        System.Numerics.Tensors.TensorPrimitives.Add(destination, source, destination);
    }
}
