namespace Recur.Modules;

/// <summary>
/// The base of every layer and model: owns parameters (tensors with <see cref="Tensor.RequiresGrad"/> = true),
/// buffers (non-trained state such as running statistics) and child modules, each under a name. Names are
/// hierarchical as in PyTorch: a parameter <c>weight</c> of a child registered as <c>fc</c> is <c>fc.weight</c>.
/// Enumeration order is registration order, depth-first (a module's own parameters before its children's).
/// </summary>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = [];
    private readonly List<KeyValuePair<string, Tensor>> _buffers = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>A short display name used in error messages (the type name by default).</summary>
    public virtual string DisplayName => GetType().Name;

    /// <summary>
    /// Registers <paramref name="tensor"/> as a parameter named <paramref name="name"/> and sets its
    /// <see cref="Tensor.RequiresGrad"/> to true. Returns the tensor.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, contains '.', or is already used in this module.</exception>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        if (!tensor.IsLeaf)
        {
            throw new ArgumentException($"RegisterParameter: parameter '{name}' must be a leaf tensor (use Detach()).", nameof(tensor));
        }

        tensor.RequiresGrad = true;
        _parameters.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Registers <paramref name="tensor"/> as a buffer (saved in the state dict, not trained). Returns it.</summary>
    /// <exception cref="ArgumentException">The name is empty, contains '.', or is already used in this module.</exception>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        _buffers.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Registers <paramref name="module"/> as a child named <paramref name="name"/>. Returns it.</summary>
    /// <exception cref="ArgumentException">The name is empty, contains '.', or is already used, or the child is this module.</exception>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        if (ReferenceEquals(module, this))
        {
            throw new ArgumentException($"RegisterModule: a module cannot be its own child ('{name}').", nameof(module));
        }

        CheckName(name);
        _children.Add(new(name, module));
        return module;
    }

    /// <summary>
    /// Every parameter with its hierarchical name, in registration order, depth-first. A tensor registered
    /// several times (shared weights) is listed once, under its first name.
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach ((string prefix, Module m) in NamedModules())
        {
            foreach (KeyValuePair<string, Tensor> p in m._parameters)
            {
                if (seen.Add(p.Value))
                {
                    yield return (Join(prefix, p.Key), p.Value);
                }
            }
        }
    }

    /// <summary>Every parameter, in the order of <see cref="NamedParameters"/>.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(static p => p.Parameter);

    /// <summary>Every buffer with its hierarchical name, in registration order, depth-first.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach ((string prefix, Module m) in NamedModules())
        {
            foreach (KeyValuePair<string, Tensor> b in m._buffers)
            {
                if (seen.Add(b.Value))
                {
                    yield return (Join(prefix, b.Key), b.Value);
                }
            }
        }
    }

    /// <summary>
    /// This module (name "") and every descendant with its dotted name, depth-first in registration order.
    /// A module reachable twice is listed once.
    /// </summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var result = new List<(string, Module)>();
        Collect(this, string.Empty, seen, result);
        return result;
    }

    /// <summary>The direct children with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children.Select(static c => (c.Key, c.Value));

    /// <summary>The direct children, in registration order.</summary>
    public IEnumerable<Module> Children() => _children.Select(static c => c.Value);

    /// <summary>
    /// The parameters then buffers of each module (depth-first, registration order), keyed by hierarchical name.
    /// As in PyTorch, the values SHARE storage with the module's tensors (they are <see cref="Tensor.Detach"/>
    /// views, cut off from the graph): later training changes them. Call <see cref="Tensor.Clone"/> on each for a snapshot.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, Tensor t) in NamedStateTensors())
        {
            state.TryAdd(name, t.Detach());
        }

        return state;
    }

    /// <summary>
    /// Copies the values of <paramref name="state"/> into this module's parameters and buffers, in place (the
    /// tensors keep their identity, so optimizers holding them stay valid). Every key is checked before anything
    /// is written: on any problem one <see cref="StateDictException"/> lists all of them and nothing is modified.
    /// Strict (default): missing keys, unexpected keys and wrong shapes are errors. Non-strict: missing and
    /// unexpected keys are skipped (and returned), wrong shapes are still errors.
    /// </summary>
    /// <returns>The keys skipped (always empty in strict mode).</returns>
    /// <exception cref="StateDictException">The state does not fit the module.</exception>
    public StateDictLoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, Tensor t) in NamedStateTensors())
        {
            own.TryAdd(name, t);
        }

        var missing = new List<string>();
        var shapes = new List<string>();
        foreach (KeyValuePair<string, Tensor> kv in own)
        {
            if (!state.TryGetValue(kv.Key, out Tensor? source) || source is null)
            {
                missing.Add(kv.Key);
            }
            else if (!source.Dims.SequenceEqual(kv.Value.Dims))
            {
                shapes.Add($"{kv.Key}: expected {Tensor.FormatShape(kv.Value.Dims)}, got {Tensor.FormatShape(source.Dims)}");
            }
        }

        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).OrderBy(static k => k, StringComparer.Ordinal).ToList();
        if (shapes.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            throw new StateDictException(DisplayName, strict ? missing : [], strict ? unexpected : [], shapes);
        }

        foreach (KeyValuePair<string, Tensor> kv in own)
        {
            if (state.TryGetValue(kv.Key, out Tensor? source) && source is not null && !ReferenceEquals(source.Buffer, kv.Value.Buffer))
            {
                source.AsReadOnlySpan().CopyTo(kv.Value.AsSpan());
            }
        }

        return new StateDictLoadResult(missing, unexpected);
    }

    /// <summary>Sets training mode on this module and every descendant. Returns this module.</summary>
    public Module Train(bool mode = true)
    {
        foreach ((_, Module m) in NamedModules())
        {
            m.IsTraining = mode;
        }

        return this;
    }

    /// <summary>Same as <c>Train(false)</c>. Returns this module.</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears the gradient of every parameter (sets <see cref="Tensor.Grad"/> to null, PyTorch's set_to_none).</summary>
    public void ZeroGrad() => ZeroGrad(setToNone: true);

    /// <summary>
    /// Clears the gradient of every parameter: set to null, or, with <paramref name="setToNone"/> false, zeroed in place
    /// with the buffers kept (see <see cref="Tensor.ZeroGrad(bool)"/>).
    /// </summary>
    public void ZeroGrad(bool setToNone)
    {
        foreach (Tensor p in Parameters())
        {
            p.ZeroGrad(setToNone);
        }
    }

    private IEnumerable<(string Name, Tensor Tensor)> NamedStateTensors()
    {
        foreach ((string prefix, Module m) in NamedModules())
        {
            foreach (KeyValuePair<string, Tensor> p in m._parameters)
            {
                yield return (Join(prefix, p.Key), p.Value);
            }

            foreach (KeyValuePair<string, Tensor> b in m._buffers)
            {
                yield return (Join(prefix, b.Key), b.Value);
            }
        }
    }

    private static void Collect(Module module, string prefix, HashSet<Module> seen, List<(string, Module)> result)
    {
        if (!seen.Add(module))
        {
            return;
        }

        result.Add((prefix, module));
        foreach (KeyValuePair<string, Module> child in module._children)
        {
            Collect(child.Value, Join(prefix, child.Key), seen, result);
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    private void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('.'))
        {
            throw new ArgumentException($"{DisplayName}: a member name must be non-empty and contain no '.'; got '{name}'.", nameof(name));
        }

        if (!_names.Add(name))
        {
            throw new ArgumentException($"{DisplayName}: the name '{name}' is already registered.", nameof(name));
        }
    }
}
