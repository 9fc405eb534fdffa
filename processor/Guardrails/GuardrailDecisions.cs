using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Guardrails;

/// <summary>Adds decisions to an exchange once each: a rule that fires on many texts or stream windows is one decision.</summary>
internal static class GuardrailDecisions
{
    public static void Record(Exchange exchange, GuardrailDecision decision)
    {
        if (!exchange.GuardrailDecisions.Contains(decision))
        {
            exchange.GuardrailDecisions.Add(decision);
        }
    }

    /// <summary>Records every matched rule; returns the first blocking match's rule, or null.</summary>
    public static GuardrailRule? RecordMatches(Exchange exchange, GuardrailPolicy policy, List<GuardrailMatch> matches, GuardrailDirection direction)
    {
        GuardrailRule? blocking = null;
        foreach (var match in matches)
        {
            var rule = policy.Scanner.Rules[match.Rule];
            Record(exchange, new GuardrailDecision(policy.Name, rule.Name, rule.Action, direction));
            if (rule.Action == GuardrailAction.Block)
            {
                blocking ??= rule;
            }
        }

        return blocking;
    }
}
