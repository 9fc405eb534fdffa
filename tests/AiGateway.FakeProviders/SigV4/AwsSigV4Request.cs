namespace AiGateway.FakeProviders.SigV4;

/// <summary>
/// The parts of an HTTP request that SigV4 covers, exactly as they travel: the raw (already encoded)
/// path, the raw query without <c>?</c>, every header (repeats allowed) and the body bytes.
/// </summary>
internal sealed record AwsSigV4Request(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);
