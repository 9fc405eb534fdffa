using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Per-response facts the provider may not send: the public model name the client asked for (bridged responses report
/// it), an id to use when the provider gives none (Bedrock: <c>x-amzn-RequestId</c>, §3.3) and the creation time
/// (OpenAI <c>created</c>, unix seconds). Injected so tests are deterministic. One response translator uses it, on
/// one thread at a time.
/// </summary>
internal sealed class ResponseContext
{
    private string? _responseId;

    /// <param name="responseId">The provider's request id, or null to make one when a writer first asks.</param>
    public ResponseContext(string publicModel, string? responseId, long createdUnixSeconds)
    {
        PublicModel = publicModel;
        _responseId = responseId;
        CreatedUnixSeconds = createdUnixSeconds;
    }

    public string PublicModel { get; }

    /// <summary>Made on first use: a passthrough answer keeps the provider's own id and never asks.</summary>
    public string ResponseId => _responseId ??= UniqueIds.New();

    public long CreatedUnixSeconds { get; }

    public static ResponseContext Create(string publicModel, string? providerRequestId, TimeProvider time) =>
        new(publicModel, providerRequestId, time.GetUtcNow().ToUnixTimeSeconds());
}
