using System.Globalization;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Times each upstream attempt (its upstream-level stream's life) and keeps the provider's status when the
/// upstream filter sends response headers, so the usage record lists every attempt with its status and latency.
/// </summary>
internal sealed class AttemptTelemetryStage : IExchangeStage, IExchangeEndObserver
{
    private readonly TimeProvider _time;

    public AttemptTelemetryStage(TimeProvider time)
    {
        _time = time;
    }

    public ExchangePhases Phases => ExchangePhases.ResponseHeaders;

    public FilterLevel Levels => FilterLevel.Upstream;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        if (context.Exchange.Attempt is { } attempt
            && context.TryGetHeader(":status", out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            attempt.SetStatus(status);
        }

        return ValueTask.FromResult(StageResult.Continue);
    }

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level == FilterLevel.Upstream && exchange.Attempt is { } attempt)
        {
            attempt.End(_time.GetTimestamp());
        }
    }
}
