using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Recur.Tests.IO;

/// <summary>A state dictionary whose enumeration yields <c>goodEntries</c> entries, then throws.</summary>
internal sealed class ThrowingStateDictionary(IReadOnlyList<KeyValuePair<string, Tensor>> entries, int goodEntries)
    : IReadOnlyDictionary<string, Tensor>
{
    public Tensor this[string key] => entries.First(e => e.Key == key).Value;

    public IEnumerable<string> Keys => entries.Select(e => e.Key);

    public IEnumerable<Tensor> Values => entries.Select(e => e.Value);

    public int Count => entries.Count;

    public bool ContainsKey(string key) => entries.Any(e => e.Key == key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value)
    {
        value = entries.FirstOrDefault(e => e.Key == key).Value;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (i == goodEntries)
            {
                throw new InvalidOperationException("enumeration failed on purpose");
            }

            yield return entries[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
