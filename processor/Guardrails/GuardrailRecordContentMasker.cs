using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Telemetry;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Masks the prompts and answers a <c>capture_content</c> team's usage records keep, with the placeholders of the
/// guardrail policies that apply to the caller: every <c>mask</c> rule, and every <c>block</c> rule too, so a blocked
/// request's record never holds the secret it was blocked for. Rules of both directions apply to both texts: a record
/// is a copy at rest, so it errs on the side of masking. Runs once per recorded exchange, off the request path.
/// </summary>
internal sealed class GuardrailRecordContentMasker : IRecordContentMasker
{
    public string Mask(Exchange exchange, string text)
    {
        var all = GuardrailPolicies.For(exchange.Snapshot).All;
        if (all.Count == 0 || text.Length == 0)
        {
            return text;
        }

        List<GuardrailMatch>? matches = null;
        foreach (var policy in all)
        {
            if (!policy.AppliesTo(exchange.Caller?.Team, exchange.Caller?.KeyId, exchange.Model))
            {
                continue;
            }

            var rules = policy.Scanner.Rules;
            matches ??= [];
            matches.Clear();
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i].Action is GuardrailAction.Mask or GuardrailAction.Block)
                {
                    rules[i].Detector.Find(text, i, matches);
                }
            }

            text = GuardrailMasker.Mask(text, matches, rules, GuardrailAction.Block);
        }

        return text;
    }
}
