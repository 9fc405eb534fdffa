using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Routing;

/// <summary>
/// The single-backend fast path (adr/016, DESIGN.md §2): a model with exactly one backend has no failover and nothing
/// to re-translate per attempt. When it is configured with <c>fast_path: true</c>, the router-level request-body answer
/// already carries the provider's request (translated, signed, with its content-length) and the model's Envoy cluster
/// runs no upstream-level ext_proc stream. Runs after every admission stage, so guardrail masking and budget rejections come
/// first. If the cluster still has the upstream filter, its first stream forwards this request unchanged.
/// </summary>
internal sealed class SingleBackendRequestStage : IExchangeStage
{
    private readonly AttemptRequestWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SingleBackendRequestStage(AttemptRequestWriter writer, TimeProvider time, ILogger<SingleBackendRequestStage> logger)
    {
        _writer = writer;
        _time = time;
        _logger = logger;
    }

    public ExchangePhases Phases => ExchangePhases.RequestBody;

    public FilterLevel Levels => FilterLevel.Router;

    public async ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (exchange.Routed is not { } routed
            || !exchange.Snapshot.Config.Models.TryGetValue(routed.Model, out var model)
            || !model.FastPath
            || model.Backends.Count != 1)
        {
            return StageResult.Continue;
        }

        if (BackendTarget.Resolve(exchange.Snapshot, model.Backends[0]) is not { } target)
        {
            // The config validator rejects models naming unknown backends; a reload race is the only way here.
            RoutingLog.UnknownBackend(_logger, model.Backends[0]);
            return StageResult.Reject(GatewayError.Internal());
        }

        var (attempt, error) = await _writer.WriteAsync(context, routed, target, _time.GetTimestamp(), upstreamFilter: false, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return StageResult.Reject(error);
        }

        routed.MarkTranslatedAtRouter(attempt!);
        return StageResult.Continue;
    }
}
