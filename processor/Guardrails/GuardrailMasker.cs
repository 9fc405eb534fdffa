using System.Text;

namespace AiGateway.Processor.Guardrails;

/// <summary>Replaces masked matches with their rule's placeholder. Overlapping matches collapse into the first placeholder.</summary>
internal static class GuardrailMasker
{
    /// <summary>
    /// The text with every <see cref="GuardrailAction.Mask"/> match (and every <paramref name="alsoMasked"/> match)
    /// replaced; the same string when none is.
    /// </summary>
    public static string Mask(string text, List<GuardrailMatch> matches, IReadOnlyList<GuardrailRule> rules, GuardrailAction alsoMasked = GuardrailAction.Mask)
    {
        var masked = Masked(matches, rules, alsoMasked);
        if (masked.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var match in masked)
        {
            if (match.End <= position)
            {
                continue;
            }

            if (match.Start >= position)
            {
                builder.Append(text, position, match.Start - position).Append(rules[match.Rule].Placeholder);
            }

            position = match.End;
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    /// <summary>The mask matches ordered by start (longest first at a tie), so one pass can replace them.</summary>
    public static List<GuardrailMatch> Masked(List<GuardrailMatch> matches, IReadOnlyList<GuardrailRule> rules, GuardrailAction alsoMasked = GuardrailAction.Mask)
    {
        var masked = new List<GuardrailMatch>();
        foreach (var match in matches)
        {
            if (rules[match.Rule].Action is GuardrailAction.Mask || rules[match.Rule].Action == alsoMasked)
            {
                masked.Add(match);
            }
        }

        masked.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        return masked;
    }
}
