namespace AiGateway.Processor.Routing;

/// <summary>One attempt's request as the provider must receive it: path (with query), body and content type, plus provider-specific headers (e.g. <c>anthropic-version</c>).</summary>
internal sealed record AttemptRequest(string PathAndQuery, ReadOnlyMemory<byte> Body, string ContentType)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
