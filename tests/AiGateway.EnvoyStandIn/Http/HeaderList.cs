using System.Text;
using Envoy.Config.Core.V3;
using Google.Protobuf;

namespace AiGateway.EnvoyStandIn.Http;

/// <summary>
/// Envoy's header map as the stand-in keeps it: ordered entries, lower-case keys, pseudo-headers first,
/// values as Latin-1 strings so every byte survives (ext-proc-protocol.md §4).
/// </summary>
internal sealed class HeaderList
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    public int Count => _entries.Count;

    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    public string? Get(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public bool Contains(string key) => Get(key) is not null;

    /// <summary>Replaces every value of <paramref name="key"/> with one value (Envoy's setCopy).</summary>
    public void Set(string key, string value)
    {
        var index = _entries.FindIndex(e => e.Key == key);
        if (index < 0)
        {
            Add(key, value);
            return;
        }

        _entries[index] = new(key, value);
        for (var i = _entries.Count - 1; i > index; i--)
        {
            if (_entries[i].Key == key)
            {
                _entries.RemoveAt(i);
            }
        }
    }

    /// <summary>Adds one more value (Envoy's addCopy); pseudo-headers stay in front.</summary>
    public void Add(string key, string value)
    {
        if (key.StartsWith(':'))
        {
            var firstRegular = _entries.FindIndex(e => !e.Key.StartsWith(':'));
            _entries.Insert(firstRegular < 0 ? _entries.Count : firstRegular, new(key, value));
            return;
        }

        _entries.Add(new(key, value));
    }

    public void Remove(string key) => _entries.RemoveAll(e => e.Key == key);

    public HeaderList Clone()
    {
        var copy = new HeaderList();
        copy._entries.AddRange(_entries);
        return copy;
    }

    /// <summary>Envoy fills only <c>raw_value</c> (ext-proc-protocol.md §0.1, §4).</summary>
    public HeaderMap ToHeaderMap()
    {
        var map = new HeaderMap();
        foreach (var entry in _entries)
        {
            map.Headers.Add(new HeaderValue { Key = entry.Key, RawValue = ByteString.CopyFrom(Encoding.Latin1.GetBytes(entry.Value)) });
        }

        return map;
    }
}
