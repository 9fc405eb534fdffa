using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Routing;

/// <summary>
/// Gives each client request the gateway id that ties the router-level stream to its upstream attempts
/// (header <c>x-aigw-request-id</c>). Envoy's <c>x-request-id</c> is reused when present so logs line up; the
/// upstream level reads the id back from the header the router level set.
/// </summary>
internal sealed class RequestIdStage : IExchangeStage
{
    public const string HeaderName = "x-aigw-request-id";

    public ExchangePhases Phases => ExchangePhases.RequestHeaders;

    public FilterLevel Levels => FilterLevel.Router | FilterLevel.Upstream;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (exchange.Level == FilterLevel.Upstream)
        {
            exchange.RequestId = context.TryGetHeader(HeaderName, out var id) ? id : null;
            return StageResult.Continue;
        }

        exchange.RequestId = context.TryGetHeader("x-request-id", out var envoyId) && envoyId.Length is > 0 and <= 128
            ? envoyId
            : UniqueIds.New();
        context.SetHeader(HeaderName, exchange.RequestId);
        return StageResult.Continue;
    }
}
