namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Runs a policy's rules over one text. The hot path of guardrails: no allocation beyond the caller's match list,
/// so it can be benchmarked on its own (<c>Scan(text, direction, matches)</c> on a 32 KB prompt).
/// </summary>
internal sealed class GuardrailScanner
{
    public GuardrailScanner(IReadOnlyList<GuardrailRule> rules)
    {
        Rules = rules;
        foreach (var rule in rules)
        {
            HasMask |= rule.Action == GuardrailAction.Mask;
        }
    }

    public IReadOnlyList<GuardrailRule> Rules { get; }

    /// <summary>True when some rule masks (callers then prepare to rewrite text).</summary>
    public bool HasMask { get; }

    /// <summary>Appends the matches of every rule that checks <paramref name="direction"/>, rule by rule (not sorted by position).</summary>
    public void Scan(ReadOnlySpan<char> text, GuardrailDirection direction, List<GuardrailMatch> matches)
    {
        if (text.IsEmpty)
        {
            return;
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i].Applies(direction))
            {
                Rules[i].Detector.Find(text, i, matches);
            }
        }
    }
}
