namespace AiGateway.Processor.Translation;

/// <summary>
/// Per-response facts the provider may not send: the public model name the client asked for (bridged responses report
/// it), an id to use when the provider gives none (Bedrock: <c>x-amzn-RequestId</c>, §3.3) and the creation time
/// (OpenAI <c>created</c>, unix seconds). Injected so tests are deterministic.
/// </summary>
internal sealed record ResponseContext(string PublicModel, string ResponseId, long CreatedUnixSeconds)
{
    public static ResponseContext Create(string publicModel, string? providerRequestId, TimeProvider time) =>
        new(publicModel, providerRequestId ?? Guid.NewGuid().ToString("N"), time.GetUtcNow().ToUnixTimeSeconds());
}
