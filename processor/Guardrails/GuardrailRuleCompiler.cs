using System.Text.RegularExpressions;
using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Guardrails;

/// <summary>Turns a validated rule config into a <see cref="GuardrailRule"/> (done once per config snapshot).</summary>
internal static class GuardrailRuleCompiler
{
    public static GuardrailRule Compile(GuardrailRuleConfig rule)
    {
        var name = GuardrailsConfigValidator.RuleName(rule);
        ITextDetector detector;
        string placeholder;
        if (rule.Detector is { } kind)
        {
            detector = BuiltInDetectors.For(kind);
            placeholder = BuiltInDetectors.Placeholder(kind);
        }
        else if (rule.Regex is { } pattern)
        {
            // Operator regexes run without backtracking: linear time whatever the pattern, so no timeout is needed.
            detector = new RegexDetector(new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
            placeholder = DefaultPlaceholder(name);
        }
        else
        {
            detector = new DenyListDetector(rule.Deny ?? []);
            placeholder = DefaultPlaceholder(name);
        }

        return new GuardrailRule(
            name,
            detector,
            rule.Action,
            rule.Placeholder ?? placeholder,
            rule.Directions.Contains(GuardrailDirection.Request),
            rule.Directions.Contains(GuardrailDirection.Response));
    }

    private static string DefaultPlaceholder(string name) => "[" + name.ToUpperInvariant().Replace('-', '_').Replace(' ', '_') + "]";
}
