using AiGateway.Processor.Credentials;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Routing;

/// <summary>
/// The upstream-level stream of one attempt (DESIGN.md §2): learns which backend Envoy picked from the endpoint
/// metadata attribute, finds the saved client request, builds this backend's request from the original, injects the
/// provider's credentials and answers CONTINUE_AND_REPLACE with the new body. Client credentials and internal
/// headers never reach the provider.
/// </summary>
internal sealed class UpstreamAttemptStage : IExchangeStage
{
    /// <summary>The attribute the upstream filter is configured with (request_attributes).</summary>
    public const string BackendAttribute = "xds.upstream_host_metadata.filter_metadata['aigw']['backend']";

    /// <summary>
    /// Client credentials, internal routing headers, and accept-encoding (ext_proc sees the body as sent; a compressed
    /// provider answer could not be translated).
    /// </summary>
    private static readonly string[] ClientOnlyHeaders = ["authorization", "x-api-key", "api-key", "proxy-authorization", "cookie", "accept-encoding", RequestIdStage.HeaderName, ModelRouteStage.RouteHeader];

    private readonly RequestStore _requests;
    private readonly IProviderRequestBuilder _builder;
    private readonly ProviderAuthenticator _authenticator;
    private readonly ILogger _logger;

    public UpstreamAttemptStage(RequestStore requests, IProviderRequestBuilder builder, ProviderAuthenticator authenticator, ILogger<UpstreamAttemptStage> logger)
    {
        _requests = requests;
        _builder = builder;
        _authenticator = authenticator;
        _logger = logger;
    }

    public ExchangePhases Phases => ExchangePhases.RequestHeaders;

    public FilterLevel Levels => FilterLevel.Upstream;

    public async ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (!context.TryGetAttribute(BackendAttribute, out var backendName) || exchange.RequestId is not { } requestId || !_requests.TryGet(requestId, out var routed))
        {
            RoutingLog.AttemptWithoutRequest(_logger, backendName, exchange.RequestId ?? "(none)");
            return StageResult.Reject(GatewayError.Internal());
        }

        if (BackendTarget.Resolve(exchange.Snapshot, backendName) is not { } target)
        {
            // envoy.yaml names a backend the processor config does not have: `aigw check` catches this before deploy.
            RoutingLog.UnknownBackend(_logger, backendName);
            return StageResult.Reject(GatewayError.Internal());
        }

        exchange.Routed = routed;
        var (request, error) = _builder.Build(routed, target);
        if (error is not null)
        {
            return StageResult.Reject(error);
        }

        var credentials = await _authenticator.HeadersAsync(target, request!, cancellationToken).ConfigureAwait(false);
        exchange.Attempt = routed.RecordAttempt(target, exchange.StartedAt);
        foreach (var name in ClientOnlyHeaders)
        {
            context.RemoveHeader(name);
        }

        foreach (var name in request!.RemovedHeaders)
        {
            context.RemoveHeader(name);
        }

        context.SetHeader(":path", request!.PathAndQuery);
        context.SetHeader(":authority", target.Authority);
        context.SetHeader("content-type", request.ContentType);
        foreach (var (name, value) in request.Headers)
        {
            context.SetHeader(name, value);
        }

        foreach (var (name, value) in credentials)
        {
            context.SetHeader(name, value);
        }

        context.ReplaceBody(request.Body);
        context.SetMetadata("backend", target.BackendName);
        return StageResult.Continue;
    }
}
