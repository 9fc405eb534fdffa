using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Identity;

/// <summary>
/// Removes every client-sent <c>x-aigw-*</c> header before anything else looks at the request: those headers
/// carry the gateway's own decisions (route, request id, identity) and a client must never be able to forge them.
/// </summary>
internal sealed class InternalHeaderStage : IExchangeStage
{
    public const string Prefix = "x-aigw-";

    public ExchangePhases Phases => ExchangePhases.RequestHeaders;

    public FilterLevel Levels => FilterLevel.Router;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        foreach (var name in context.HeaderNames())
        {
            if (name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                context.RemoveHeader(name);
            }
        }

        return StageResult.Continue;
    }
}
