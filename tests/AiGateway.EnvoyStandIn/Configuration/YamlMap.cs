using YamlDotNet.RepresentationModel;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>A YAML mapping whose keys must all be read: <see cref="EnsureAllRead"/> rejects anything left over.</summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, YamlCursor> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode mapping, string path)
    {
        Path = path;
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text : throw new EnvoyConfigException(path, "mapping keys must be scalars");
            _entries[name] = new YamlCursor(value, path.Length == 0 ? name : $"{path}.{name}");
        }
    }

    public string Path { get; }

    public bool Has(string key) => _entries.ContainsKey(key);

    public YamlCursor Required(string key) =>
        Optional(key) ?? throw new EnvoyConfigException(Path.Length == 0 ? key : $"{Path}.{key}", "is required");

    public YamlCursor? Optional(string key)
    {
        _read.Add(key);
        return _entries.GetValueOrDefault(key);
    }

    /// <summary>A key Envoy has but that changes nothing the stand-in emulates (e.g. stat_prefix).</summary>
    public void Accept(string key) => _read.Add(key);

    /// <summary>Reads the "@type" of a typed_config and checks it.</summary>
    public void ExpectType(string fullName)
    {
        var type = Required("@type").String();
        if (type != "type.googleapis.com/" + fullName)
        {
            throw new EnvoyConfigException($"{Path}.@type", $"expected type.googleapis.com/{fullName}, got {type}");
        }
    }

    public void EnsureAllRead()
    {
        foreach (var (key, cursor) in _entries)
        {
            if (!_read.Contains(key))
            {
                throw cursor.Error("not understood by the Envoy stand-in (strict subset; see docs/local-development.md)");
            }
        }
    }
}
