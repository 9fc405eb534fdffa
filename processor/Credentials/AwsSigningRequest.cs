namespace AiGateway.Processor.Credentials;

/// <summary>
/// The final request to sign: method, host, path exactly as it will be sent (already URL-encoded), query, the
/// headers to sign besides host and the x-amz-* ones, and the final body. Sign only once all of these are fixed
/// (shared/reference/provider-apis.md §6.1).
/// </summary>
internal sealed record AwsSigningRequest(
    string Method,
    string Host,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    string Region,
    string Service);
