namespace AiGateway.Processor.Translation;

/// <summary>
/// A prompt-cache breakpoint after the block that carries it: Anthropic <c>cache_control</c>, Bedrock <c>cachePoint</c>
/// (shared/reference/provider-apis.md §3.2, §7.1). <paramref name="Ttl"/> is <c>5m</c>, <c>1h</c> or null (provider default).
/// </summary>
internal sealed record CacheControl(string? Ttl)
{
    /// <summary>The usual mark (no TTL), shared by every block that carries it (immutable).</summary>
    public static readonly CacheControl ProviderDefault = new((string?)null);
}
