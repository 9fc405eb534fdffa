using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Runs a policy's Bedrock guardrail with its time bound and fail mode: on timeout or error the text is refused
/// (fail closed, the default) or let through (fail open); both are logged and recorded as decisions
/// (<c>bedrock-unavailable</c>), which records and metrics count.
/// </summary>
internal sealed class BedrockGuardrailGate
{
    public const string UnavailableRule = "bedrock-unavailable";
    public const string BedrockRule = "bedrock";

    private readonly BedrockGuardrailClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BedrockGuardrailGate(BedrockGuardrailClient client, TimeProvider time, ILogger<BedrockGuardrailGate> logger)
    {
        _client = client;
        _time = time;
        _logger = logger;
    }

    /// <returns>
    /// The verdict; when the guardrail failed, a verdict of <see cref="BedrockGuardrailOutcome.None"/> if the policy fails
    /// open, or null if it fails closed (the caller refuses the text).
    /// </returns>
    public async Task<BedrockGuardrailVerdict?> CheckAsync(Exchange exchange, GuardrailPolicy policy, GuardrailDirection direction, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var bedrock = policy.Bedrock!;
        using var timeout = new CancellationTokenSource(bedrock.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string reason;
        try
        {
            var verdict = await _client.ApplyAsync(bedrock, direction, texts, linked.Token).ConfigureAwait(false);
            if (verdict.Outcome != BedrockGuardrailOutcome.None)
            {
                var action = verdict.Outcome == BedrockGuardrailOutcome.Blocked ? GuardrailAction.Block : GuardrailAction.Mask;
                GuardrailDecisions.Record(exchange, new GuardrailDecision(policy.Name, BedrockRule, action, direction));
            }

            return verdict;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            reason = "timeout";
        }
        catch (Exception e) when (e is BedrockGuardrailException or HttpRequestException)
        {
            reason = e is BedrockGuardrailException ? e.Message : "connection failed";
        }

        if (bedrock.FailOpen)
        {
            GuardrailsLog.FailOpen(_logger, policy.Name, reason, direction);
            GuardrailDecisions.Record(exchange, new GuardrailDecision(policy.Name, UnavailableRule, GuardrailAction.Detect, direction));
            return new BedrockGuardrailVerdict(BedrockGuardrailOutcome.None, [], reason);
        }

        GuardrailsLog.FailClosed(_logger, policy.Name, reason, direction);
        GuardrailDecisions.Record(exchange, new GuardrailDecision(policy.Name, UnavailableRule, GuardrailAction.Block, direction));
        return null;
    }
}
