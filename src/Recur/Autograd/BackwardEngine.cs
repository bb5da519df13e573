using System.Buffers;

namespace Recur.Autograd;

/// <summary>
/// Runs one backward pass: collects the recorded nodes reachable from the root, replays them in reverse
/// recording order, routes gradients to producers and accumulates into leaves' <see cref="Tensor.Grad"/>.
/// <para>The gradients of intermediate (non-leaf) tensors belong to the pass alone: they are rented from the shared
/// array pool and given back as soon as the node that consumes them has run, so a training step leaves no
/// output-sized garbage behind (ops only ever see them as spans, which cannot outlive their <c>Backward</c> call).</para>
/// <para>Each thread keeps one engine and reuses its collections from pass to pass (a pass started from inside another
/// pass on the same thread gets a fresh one), so a training step's backward allocates no bookkeeping beyond its
/// gradient-slot arrays.</para>
/// </summary>
internal sealed class BackwardEngine
{
    private static readonly Comparison<Function> s_latestFirst = static (a, b) => b.Sequence.CompareTo(a.Sequence);

    [ThreadStatic]
    private static BackwardEngine? t_idle;

    private readonly Dictionary<Function, float[]?[]> _pending = new(ReferenceEqualityComparer.Instance);
    private readonly List<Function> _nodes = [];
    private readonly HashSet<Function> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly Stack<Function> _stack = new();
    private readonly GradientContext _context;

    private BackwardEngine()
    {
        _context = new GradientContext(this);
    }

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

        BackwardEngine engine = t_idle ?? new BackwardEngine();
        t_idle = null; // taken: a nested pass on this thread builds its own
        try
        {
            if (root.GradFn is null)
            {
                AddInto(engine.GradientBuffer(root), seed.AsSpan(0, root.Length));
                ArrayPool<float>.Shared.Return(seed);
                return;
            }

            engine.Execute(root, seed);
        }
        finally
        {
            engine.Clear();
            t_idle = engine;
        }
    }

    /// <summary>Empties the collections for the next pass (keeping their capacity) and drops every reference.</summary>
    private void Clear()
    {
        foreach (float[]?[] slots in _pending.Values)
        {
            ReturnAll(slots); // only left behind when a Backward threw
        }

        _pending.Clear();
        _nodes.Clear();
        _seen.Clear();
        _stack.Clear();
        _context.Reset(null!, []);
    }

    private void Execute(Tensor root, float[] seed)
    {
        Function rootFn = root.GradFn!;
        List<Function> nodes = _nodes;
        HashSet<Function> seen = _seen;
        Stack<Function> stack = _stack;
        seen.Add(rootFn);
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

        nodes.Sort(s_latestFirst);
        var rootGrads = new float[]?[rootFn.OutputLengths.Length];
        rootGrads[root.OutputIndex] = seed;
        _pending[rootFn] = rootGrads;

        GradientContext context = _context;
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
                fn.MarkBackwardDone();
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
