namespace AiGateway.Processor.Configuration;

/// <summary>
/// One validated configuration with the lookups derived from it. Immutable: a reload builds a new snapshot and
/// swaps it in whole, so a request sees one consistent config from start to end.
/// </summary>
internal sealed class GatewaySnapshot
{
    public GatewaySnapshot(GatewayConfig config, string hash, string source)
    {
        Config = config;
        Hash = hash;
        Source = source;
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, model) in config.Models)
        {
            models[name] = name;
            foreach (var alias in model.Aliases)
            {
                models[alias] = name;
            }
        }

        ModelNames = models;
    }

    public GatewayConfig Config { get; }

    /// <summary>Short content hash of the file, shown on /readyz and in recordings.</summary>
    public string Hash { get; }

    public string Source { get; }

    /// <summary>Public model name or alias → model name.</summary>
    public IReadOnlyDictionary<string, string> ModelNames { get; }
}
