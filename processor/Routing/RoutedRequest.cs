using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Routing;

/// <summary>
/// What the router-level stream keeps about a client request for its upstream attempts: the original body (every
/// attempt translates from it, never from a previous attempt's output) and which backend each attempt used, so the
/// response is translated by the last attempt's translator (DESIGN.md §2).
/// </summary>
internal sealed class RoutedRequest
{
    private readonly Lock _lock = new();
    private readonly List<UpstreamAttempt> _attempts = [];

    public RoutedRequest(string requestId, ClientEndpoint endpoint, string model, ReadOnlyMemory<byte> originalBody)
    {
        RequestId = requestId;
        Endpoint = endpoint;
        Model = model;
        OriginalBody = originalBody;
    }

    public string RequestId { get; }

    public ClientEndpoint Endpoint { get; }

    /// <summary>The public model name (aliases resolved).</summary>
    public string Model { get; }

    /// <summary>A copy of the client's body, owned by this object.</summary>
    public ReadOnlyMemory<byte> OriginalBody { get; }

    /// <summary>The client request parsed once (chat endpoints); every attempt translates from it.</summary>
    public ParsedRequest? Parsed { get => _parsed; init => _parsed = value; }

    private ParsedRequest? _parsed;

    /// <summary>
    /// Replaces the request every attempt translates from with its masked form. Only request guardrails call this, in
    /// the request-body phase, before Envoy starts any attempt; passthrough and bridging both read <see cref="Parsed"/>.
    /// </summary>
    public void UseMasked(ParsedRequest masked) => Volatile.Write(ref _parsed, masked);

    /// <summary>The model's <c>default_max_tokens</c>, for providers that require max tokens when the client sent none.</summary>
    public int? DefaultMaxTokens { get; init; }

    /// <summary>The client's <c>anthropic-beta</c> values (Bedrock gets the allowed ones in its body).</summary>
    public IReadOnlyList<string> AnthropicBetas { get; init; } = [];

    /// <summary>The backend of the latest attempt, or null before the first.</summary>
    public BackendTarget? LastAttempt { get; private set; }

    public int AttemptCount
    {
        get
        {
            lock (_lock)
            {
                return _attempts.Count;
            }
        }
    }

    public IReadOnlyList<string> AttemptedBackends()
    {
        lock (_lock)
        {
            return [.. _attempts.Select(attempt => attempt.BackendName)];
        }
    }

    /// <summary>Every attempt so far, in order.</summary>
    public IReadOnlyList<UpstreamAttempt> Attempts()
    {
        lock (_lock)
        {
            return [.. _attempts];
        }
    }

    /// <param name="startedAt">The attempt stream's monotonic start (TimeProvider.GetTimestamp).</param>
    public UpstreamAttempt RecordAttempt(BackendTarget target, long startedAt = 0)
    {
        var attempt = new UpstreamAttempt(target.BackendName, startedAt);
        lock (_lock)
        {
            _attempts.Add(attempt);
            LastAttempt = target;
        }

        return attempt;
    }
}
