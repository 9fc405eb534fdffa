namespace AiGateway.Processor.Routing;

/// <summary>One attempt's request as the provider must receive it: path (with query), body and content type, plus provider-specific headers (e.g. <c>anthropic-version</c>).</summary>
internal sealed record AttemptRequest(string PathAndQuery, ReadOnlyMemory<byte> Body, string ContentType)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Client headers this provider must not receive (e.g. <c>anthropic-beta</c>, which Bedrock takes in the body).</summary>
    public IReadOnlyList<string> RemovedHeaders { get; init; } = [];
}
