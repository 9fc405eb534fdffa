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
    private UpstreamAttempt? _routerAttempt;

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

    /// <summary>The client's body: the request message's own bytes, never changed after parsing.</summary>
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

    /// <summary>
    /// Marks the request as already translated and signed by the router-level filter for its single backend (adr/016):
    /// the body Envoy forwards is the provider's.
    /// </summary>
    public void MarkTranslatedAtRouter(UpstreamAttempt attempt) => Volatile.Write(ref _routerAttempt, attempt);

    /// <summary>
    /// The router-level attempt, handed out once, when the first upstream stream is for the same backend: a cluster
    /// that still has the upstream filter then forwards the router's request instead of translating it twice. A
    /// retry, or another backend, gets null and translates as usual.
    /// </summary>
    public UpstreamAttempt? TakeRouterAttempt(string backendName) =>
        Interlocked.Exchange(ref _routerAttempt, null) is { } attempt && attempt.BackendName == backendName ? attempt : null;

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
