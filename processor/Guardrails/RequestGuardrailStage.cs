using System.Runtime.InteropServices;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Request guardrails (DESIGN.md §2, request body): after parsing and model routing (policies select on team, key and
/// model), before budget admission, so a blocked prompt reserves nothing. <c>block</c> → 400 in the client's format
/// naming the policy and rule; <c>mask</c> → the saved request is replaced by its masked form, which every attempt
/// translates from (passthrough and bridged alike).
/// </summary>
internal sealed class RequestGuardrailStage : IExchangeStage
{
    private readonly BedrockGuardrailGate _bedrock;
    private readonly ILogger _logger;

    public RequestGuardrailStage(BedrockGuardrailGate bedrock, ILogger<RequestGuardrailStage> logger)
    {
        _bedrock = bedrock;
        _logger = logger;
    }

    public ExchangePhases Phases => ExchangePhases.RequestBody;

    public FilterLevel Levels => FilterLevel.Router;

    public async ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (exchange.Routed is not { Parsed: { } parsed } routed)
        {
            return StageResult.Continue;
        }

        var policies = GuardrailPolicies.For(exchange.Snapshot).Select(exchange.Caller?.Team, exchange.Caller?.KeyId, exchange.Model, GuardrailDirection.Request);
        if (policies.Count == 0)
        {
            return StageResult.Continue;
        }

        // One scan per policy over the parsed texts decides everything; its mask matches drive one rewrite and one
        // re-parse of the client body for all policies together. Bedrock then sees the masked text (and never the
        // values masked by any policy).
        var texts = new List<string>(RequestTexts.Of(parsed.Chat));
        var matches = new List<GuardrailMatch>();
        RequestMaskPlan? plan = null;
        foreach (var policy in policies)
        {
            matches.Clear();
            foreach (var text in texts)
            {
                var before = matches.Count;
                policy.Scanner.Scan(text, GuardrailDirection.Request, matches);
                if (policy.Scanner.HasMask)
                {
                    (plan ??= new RequestMaskPlan(policies)).Add(text, CollectionsMarshal.AsSpan(matches)[before..], policy.Scanner.Rules);
                }
            }

            if (GuardrailDecisions.RecordMatches(exchange, policy, matches, GuardrailDirection.Request) is { } blocking)
            {
                GuardrailsLog.Blocked(_logger, policy.Name, blocking.Name, GuardrailDirection.Request);
                return StageResult.Reject(GuardrailErrors.RequestBlocked(policy.Name, blocking.Name));
            }
        }

        var current = parsed;
        if (plan is { HasMasks: true })
        {
            current = Reparse(current, RequestTextRewriter.Rewrite(current.Schema, current.Body.Span, plan.Apply));
        }

        foreach (var policy in policies)
        {
            if (policy.Bedrock is { } bedrock && bedrock.Directions.Contains(GuardrailDirection.Request))
            {
                var (result, error) = await ApplyBedrockAsync(exchange, policy, current, cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    return StageResult.Reject(error);
                }

                current = result;
            }
        }

        if (!ReferenceEquals(current, parsed))
        {
            routed.UseMasked(current);
        }

        return StageResult.Continue;
    }

    private async Task<(ParsedRequest Request, GatewayError? Error)> ApplyBedrockAsync(Exchange exchange, GuardrailPolicy policy, ParsedRequest request, CancellationToken cancellationToken)
    {
        // The texts are collected from the client JSON in the order the rewriter visits them, so the i-th output
        // (one per input block, §5.1) replaces the i-th text.
        var texts = new List<string>();
        RequestTextRewriter.Rewrite(request.Schema, request.Body.Span, text =>
        {
            texts.Add(text);
            return text;
        });
        if (texts.Count == 0)
        {
            return (request, null);
        }

        var verdict = await _bedrock.CheckAsync(exchange, policy, GuardrailDirection.Request, texts, cancellationToken).ConfigureAwait(false);
        if (verdict is null)
        {
            return (request, GuardrailErrors.Unavailable(policy.Name));
        }

        if (verdict.Outcome == BedrockGuardrailOutcome.Blocked
            || (verdict.Outcome == BedrockGuardrailOutcome.Anonymized && verdict.Outputs.Count != texts.Count))
        {
            // Anonymised outputs that do not line up with the inputs cannot be applied safely: refuse instead.
            GuardrailsLog.Blocked(_logger, policy.Name, BedrockGuardrailGate.BedrockRule, GuardrailDirection.Request);
            return (request, GuardrailErrors.RequestBlocked(policy.Name, BedrockGuardrailGate.BedrockRule));
        }

        if (verdict.Outcome == BedrockGuardrailOutcome.None)
        {
            return (request, null);
        }

        var index = 0;
        return (Reparse(request, RequestTextRewriter.Rewrite(request.Schema, request.Body.Span, _ => verdict.Outputs[index++])), null);
    }

    /// <summary>The masked body parsed like the client's: it was valid before and only string values changed.</summary>
    private static ParsedRequest Reparse(ParsedRequest request, byte[]? masked)
    {
        if (masked is null)
        {
            return request;
        }

        return ClientRequestParser.TryParse(request.Schema, masked, out var reparsed) is null ? reparsed! : request;
    }
}
