namespace Recur.Optim;

/// <summary>
/// The base of the optimizers: one group of parameters with one learning rate, per-parameter state named with
/// PyTorch's keys (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>, <c>square_avg</c>, <c>grad_avg</c>)
/// and a per-parameter step counter. <see cref="Step"/> updates every parameter that has a gradient
/// (parameters whose <see cref="Tensor.Grad"/> is null are skipped, as in PyTorch). Updates run in float32, with
/// scalar hyper-parameters combined in double first, mirroring PyTorch's formula order.
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private readonly Dictionary<string, float[]>[] _state;
    private readonly long[] _steps;
    private readonly Dictionary<Tensor, int> _index = new(ReferenceEqualityComparer.Instance);
    private double _learningRate;

    /// <summary>Collects the parameters and checks the learning rate.</summary>
    /// <param name="parameters">The tensors to optimise (distinct leaves; at least one).</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <exception cref="ArgumentException">No parameters, a duplicate, or a non-leaf tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is negative or NaN.</exception>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        OptimChecks.NonNegative(GetType().Name, "lr", learningRate);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
        {
            throw new ArgumentException($"{GetType().Name}: parameters must not be empty.", nameof(parameters));
        }

        for (int i = 0; i < _parameters.Length; i++)
        {
            Tensor p = _parameters[i] ?? throw new ArgumentException($"{GetType().Name}: parameters[{i}] is null.", nameof(parameters));
            if (!p.IsLeaf)
            {
                throw new ArgumentException($"{GetType().Name}: parameters[{i}] is not a leaf tensor ({p}).", nameof(parameters));
            }

            if (!_index.TryAdd(p, i))
            {
                throw new ArgumentException($"{GetType().Name}: parameters[{i}] appears more than once.", nameof(parameters));
            }
        }

        _state = new Dictionary<string, float[]>[_parameters.Length];
        for (int i = 0; i < _state.Length; i++)
        {
            _state[i] = new Dictionary<string, float[]>(StringComparer.Ordinal);
        }

        _steps = new long[_parameters.Length];
        _learningRate = learningRate;
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The learning rate (≥ 0); schedules set it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value or NaN.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            OptimChecks.NonNegative(GetType().Name, "lr", value);
            _learningRate = value;
        }
    }

    /// <summary>
    /// Whether <see cref="Step"/> frees the garbage of finished steps when it has piled up (default true): after the
    /// update, if the managed allocations since the last full collection exceed a 32nd of the surviving heap (and
    /// 4 MiB), a full non-compacting collection runs, at most often enough to take 5% of the loop's time. This keeps a
    /// training loop's resident memory near what one step needs, as PyTorch's reference counting does; small models
    /// never trigger it. Set false to leave collections to the runtime alone.
    /// </summary>
    public bool ReclaimMemory { get; set; } = true;

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepParameters();
        if (ReclaimMemory)
        {
            GarbagePacer.AfterStep();
        }
    }

    private void StepParameters()
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            Tensor p = _parameters[i];
            if (p.Grad is not { } grad)
            {
                continue;
            }

            if (grad.Length != p.Length)
            {
                throw new InvalidOperationException(
                    $"{GetType().Name}.Step: the gradient of parameters[{i}] has shape {Tensor.FormatShape(grad.Dims)} but the parameter has {Tensor.FormatShape(p.Dims)}.");
            }

            _steps[i]++;
            Update(i, p.AsSpan(), grad.AsReadOnlySpan(), _steps[i]);
        }
    }

    /// <summary>Clears every parameter's gradient (sets it to null, PyTorch's set_to_none).</summary>
    public void ZeroGrad() => ZeroGrad(setToNone: true);

    /// <summary>
    /// Clears every parameter's gradient: set to null, or, with <paramref name="setToNone"/> false, zeroed in place with
    /// the buffers kept (see <see cref="Tensor.ZeroGrad(bool)"/>). A zeroed gradient still counts as a gradient: the
    /// next <see cref="Step"/> updates that parameter even if no backward pass reached it (as in PyTorch).
    /// </summary>
    public void ZeroGrad(bool setToNone)
    {
        foreach (Tensor p in _parameters)
        {
            p.ZeroGrad(setToNone);
        }
    }

    /// <summary>
    /// A copy of the state <paramref name="key"/> of <paramref name="parameter"/> (the parameter's shape), or null
    /// when that state does not exist (yet).
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not one of this optimizer's parameters.</exception>
    public Tensor? GetState(Tensor parameter, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int i = IndexOf(parameter);
        return _state[i].TryGetValue(key, out float[]? s) ? Tensor.FromArray(s, parameter.Shape) : null;
    }

    /// <summary>The number of updates applied to <paramref name="parameter"/> (PyTorch's state "step").</summary>
    /// <exception cref="ArgumentException">The tensor is not one of this optimizer's parameters.</exception>
    public long GetStep(Tensor parameter) => _steps[IndexOf(parameter)];

    /// <summary>
    /// The element count an optimizer updates at a time (its scratch is a few chunks long, never a parameter's size;
    /// the updates are element-wise, so chunking leaves every value unchanged).
    /// </summary>
    protected internal const int ChunkLength = 4096;

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient; <paramref name="step"/> counts from 1.</summary>
    protected abstract void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step);

    /// <summary>Whether parameter <paramref name="index"/> has state <paramref name="key"/>.</summary>
    protected bool HasState(int index, string key) => _state[index].ContainsKey(key);

    /// <summary>The state <paramref name="key"/> of parameter <paramref name="index"/>, created as zeros on first use.</summary>
    protected float[] State(int index, string key)
    {
        Dictionary<string, float[]> s = _state[index];
        if (!s.TryGetValue(key, out float[]? buffer))
        {
            buffer = new float[_parameters[index].Length];
            s[key] = buffer;
        }

        return buffer;
    }

    private int IndexOf(Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return _index.TryGetValue(parameter, out int i)
            ? i
            : throw new ArgumentException($"{GetType().Name}: the tensor is not one of this optimizer's parameters.", nameof(parameter));
    }
}
