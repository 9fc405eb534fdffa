using System.Text.Json.Nodes;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Response guardrails (DESIGN.md §2), after response translation so they read the client's own format. A
/// non-streaming answer that is blocked becomes the refusal message with finish reason <c>content_filter</c> /
/// <c>refusal</c> (not a transport error); masked text is returned masked. Streams go through a
/// <see cref="StreamGuard"/> window, which also asks the policies' Bedrock guardrails about each released window.
/// </summary>
internal sealed class ResponseGuardrailStage : IExchangeStage
{
    private readonly BedrockGuardrailGate _bedrock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ResponseGuardrailStage(BedrockGuardrailGate bedrock, TimeProvider time, ILogger<ResponseGuardrailStage> logger)
    {
        _bedrock = bedrock;
        _time = time;
        _logger = logger;
    }

    public ExchangePhases Phases => ExchangePhases.ResponseHeaders | ExchangePhases.ResponseBody;

    public FilterLevel Levels => FilterLevel.Router;

    public async ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (exchange.Routed?.Parsed is not { } parsed || exchange.UpstreamStatus.Status is < 200 or >= 300)
        {
            return StageResult.Continue;
        }

        var set = GuardrailPolicies.For(exchange.Snapshot);
        if (context.Phase == ExchangePhases.ResponseHeaders)
        {
            if (exchange.ResponseStreamed)
            {
                var policies = set.Select(exchange.Caller?.Team, exchange.Caller?.KeyId, exchange.Model, GuardrailDirection.Response);
                exchange.StreamGuard = policies.Count == 0 ? null : new StreamGuard(
                    parsed.Schema, policies, set.WindowChars, set.OverlapChars, _time,
                    (policy, text, token) => _bedrock.CheckAsync(exchange, policy, GuardrailDirection.Response, [text], token),
                    set.BedrockWindowChars);
            }

            return StageResult.Continue;
        }

        if (exchange.ResponseStreamed)
        {
            return await StreamAsync(context, exchange, cancellationToken).ConfigureAwait(false);
        }

        var selected = set.Select(exchange.Caller?.Team, exchange.Caller?.KeyId, exchange.Model, GuardrailDirection.Response);
        // The translated answer, or the provider's own when translation left it unchanged (same schema).
        var body = context.ReplacementBody ?? context.Body;
        if (selected.Count == 0 || JsonNode.Parse(body.Span) is not JsonObject root)
        {
            return StageResult.Continue;
        }

        var changed = false;
        foreach (var policy in selected)
        {
            var (blockedBy, masked) = await CheckAsync(exchange, policy, parsed.Schema, root, cancellationToken).ConfigureAwait(false);
            changed |= masked;
            if (blockedBy is not null)
            {
                // The client gets a well-formed refusal, not an error; records and metrics still say what happened,
                // with the same outcome (guardrail_blocked) and error type as a blocked request or stream.
                ResponseTextRewriter.Refuse(parsed.Schema, root, set.RefusalMessage);
                exchange.Rejection = GuardrailErrors.ResponseBlocked(policy.Name, blockedBy);
                changed = true;
                break;
            }
        }

        if (changed)
        {
            context.ReplaceBody(ResponseTextRewriter.Write(root));
        }

        return StageResult.Continue;
    }

    private async ValueTask<StageResult> StreamAsync(PhaseContext context, Exchange exchange, CancellationToken cancellationToken)
    {
        if (exchange.StreamGuard is not { } guard)
        {
            return StageResult.Continue;
        }

        var translated = context.ReplacementBody ?? context.Body;
        var output = new System.Buffers.ArrayBufferWriter<byte>(translated.Length + 64);
        var error = await guard.ProcessAsync(exchange, translated.Span, context.EndOfStream, output, cancellationToken).ConfigureAwait(false);
        context.ReplaceBody(output.WrittenMemory);
        if (error is not null)
        {
            // Like the pipeline's in-stream errors: the error event ends the client's stream and nothing follows.
            GuardrailsLog.Blocked(_logger, guard.BlockedBy!.Policy, guard.BlockedBy.Rule, GuardrailDirection.Response);
            exchange.Rejection = error;
            exchange.IsComplete = true;
        }

        return StageResult.Continue;
    }

    /// <summary>Runs one policy over the answer; masks in place. Returns the rule that blocked (or null) and whether it changed text.</summary>
    private async Task<(string? BlockedBy, bool Masked)> CheckAsync(Exchange exchange, GuardrailPolicy policy, ApiSchema client, JsonObject root, CancellationToken cancellationToken)
    {
        var matches = new List<GuardrailMatch>();
        GuardrailRule? blocking = null;
        var masked = ResponseTextRewriter.Visit(client, root, text =>
        {
            matches.Clear();
            policy.Scanner.Scan(text, GuardrailDirection.Response, matches);
            blocking ??= GuardrailDecisions.RecordMatches(exchange, policy, matches, GuardrailDirection.Response);
            return matches.Count == 0 ? text : GuardrailMasker.Mask(text, matches, policy.Scanner.Rules);
        });
        if (blocking is not null)
        {
            GuardrailsLog.Blocked(_logger, policy.Name, blocking.Name, GuardrailDirection.Response);
            return (blocking.Name, masked);
        }

        if (policy.Bedrock is not { } bedrock || !bedrock.Directions.Contains(GuardrailDirection.Response))
        {
            return (null, masked);
        }

        var texts = new List<string>();
        ResponseTextRewriter.Visit(client, root, text =>
        {
            texts.Add(text);
            return text;
        });
        if (texts.Count == 0)
        {
            return (null, masked);
        }

        var verdict = await _bedrock.CheckAsync(exchange, policy, GuardrailDirection.Response, texts, cancellationToken).ConfigureAwait(false);
        if (verdict is null || verdict.Outcome == BedrockGuardrailOutcome.Blocked
            || (verdict.Outcome == BedrockGuardrailOutcome.Anonymized && verdict.Outputs.Count != texts.Count))
        {
            // Fail closed on a response means the refusal: the answer must not reach the client unchecked.
            GuardrailsLog.Blocked(_logger, policy.Name, BedrockGuardrailGate.BedrockRule, GuardrailDirection.Response);
            return (BedrockGuardrailGate.BedrockRule, masked);
        }

        if (verdict.Outcome == BedrockGuardrailOutcome.Anonymized)
        {
            var index = 0;
            masked |= ResponseTextRewriter.Visit(client, root, _ => verdict.Outputs[index++]);
        }

        return (null, masked);
    }
}
