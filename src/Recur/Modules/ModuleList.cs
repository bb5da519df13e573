namespace Recur.Modules;

/// <summary>
/// An ordered list of child modules named "0", "1", … (PyTorch's <c>nn.ModuleList</c>), so their parameters
/// appear as <c>0.weight</c>, <c>1.weight</c>, … It has no forward of its own.
/// </summary>
public sealed class ModuleList : Module
{
    private readonly List<Module> _items = [];

    /// <summary>Creates a list holding <paramref name="modules"/> in order.</summary>
    public ModuleList(params IEnumerable<Module> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (Module m in modules)
        {
            Add(m);
        }
    }

    /// <summary>The number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public Module this[int index] => _items[index];

    /// <summary>Appends <paramref name="module"/> under the name of its index.</summary>
    public void Add(Module module)
    {
        RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _items.Add(module);
    }
}
