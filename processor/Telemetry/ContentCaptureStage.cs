using System.Buffers;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// For teams with <c>capture_content: true</c> only: keeps the response as the client received it (after
/// translation), up to <see cref="MaxBytes"/>, for the usage record. Every other team pays one dictionary lookup per
/// response message and keeps nothing.
/// </summary>
internal sealed class ContentCaptureStage : IExchangeStage
{
    public const int MaxBytes = 1024 * 1024;

    public ExchangePhases Phases => ExchangePhases.ResponseBody;

    public FilterLevel Levels => FilterLevel.Router;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (Captures(exchange))
        {
            var body = context.ReplacementBody ?? context.Body;
            var captured = exchange.CapturedResponse ??= new System.Buffers.ArrayBufferWriter<byte>(4096);
            var room = MaxBytes - captured.WrittenCount;
            if (room > 0)
            {
                captured.Write(body.Span[..Math.Min(room, body.Length)]);
            }
        }

        return ValueTask.FromResult(StageResult.Continue);
    }

    public static bool Captures(Exchange exchange) =>
        exchange.Caller?.Team is { } team
        && exchange.Snapshot.Config.Teams.TryGetValue(team, out var config)
        && config.CaptureContent;
}
