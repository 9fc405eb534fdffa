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

    /// <summary>Internal routing headers: Envoy has routed, the provider must not see them.</summary>
    private static readonly string[] InternalHeaders = [RequestIdStage.HeaderName, ModelRouteStage.RouteHeader];

    private readonly RequestStore _requests;
    private readonly AttemptRequestWriter _writer;
    private readonly ILogger _logger;

    public UpstreamAttemptStage(RequestStore requests, AttemptRequestWriter writer, ILogger<UpstreamAttemptStage> logger)
    {
        _requests = requests;
        _writer = writer;
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
        if (routed.TakeRouterAttempt(backendName) is { } routerAttempt)
        {
            // The router-level filter already translated and signed for this backend (single-backend fast path,
            // adr/016) and this cluster still runs the upstream filter: forward its request, only pointed at the
            // signed host and without the internal headers.
            foreach (var name in InternalHeaders)
            {
                context.RemoveHeader(name);
            }

            context.SetHeader(":authority", target.Authority);
            exchange.Attempt = routerAttempt;
            return StageResult.Continue;
        }

        var (attempt, error) = await _writer.WriteAsync(context, routed, target, exchange.StartedAt, upstreamFilter: true, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return StageResult.Reject(error);
        }

        exchange.Attempt = attempt;
        return StageResult.Continue;
    }
}
