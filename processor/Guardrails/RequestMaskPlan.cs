using System.Runtime.InteropServices;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// The masks the request scan found, by text, so the single rewrite of the client body applies every policy's masks
/// from that scan instead of scanning each text again (and rewriting and re-parsing the body once per policy).
/// </summary>
internal sealed class RequestMaskPlan
{
    private readonly Dictionary<string, List<PlannedMask>?> _byText = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<GuardrailPolicy> _policies;

    /// <param name="policies">The policies scanned, used only for a text the scan never saw (see <see cref="Apply"/>).</param>
    public RequestMaskPlan(IReadOnlyList<GuardrailPolicy> policies) => _policies = policies;

    /// <summary>True once some text has a match to mask.</summary>
    public bool HasMasks { get; private set; }

    /// <summary>Notes one policy's matches in one text (every scanned text is noted, with or without matches).</summary>
    public void Add(string text, ReadOnlySpan<GuardrailMatch> matches, IReadOnlyList<GuardrailRule> rules)
    {
        ref var masks = ref CollectionsMarshal.GetValueRefOrAddDefault(_byText, text, out _);
        foreach (var match in matches)
        {
            if (rules[match.Rule].Action == GuardrailAction.Mask)
            {
                (masks ??= []).Add(new PlannedMask(match.Start, match.Length, rules[match.Rule].Placeholder));
                HasMasks = true;
            }
        }
    }

    /// <summary>
    /// The text with its planned masks applied. Masks of several policies on one text are applied together, all found
    /// on the original text; where they overlap the earliest (then the longest) wins, as within one policy.
    /// </summary>
    public string Apply(string text)
    {
        if (!_byText.TryGetValue(text, out var masks))
        {
            // The client JSON holds a text the parsed request did not show the scan: never let it through unscanned.
            return Rescan(text);
        }

        if (masks is null)
        {
            return text;
        }

        masks.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var builder = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var mask in masks)
        {
            if (mask.Start + mask.Length <= position)
            {
                continue;
            }

            if (mask.Start >= position)
            {
                builder.Append(text, position, mask.Start - position).Append(mask.Placeholder);
            }

            position = mask.Start + mask.Length;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    private string Rescan(string text)
    {
        var matches = new List<GuardrailMatch>();
        foreach (var policy in _policies)
        {
            if (policy.Scanner.HasMask)
            {
                matches.Clear();
                policy.Scanner.Scan(text, GuardrailDirection.Request, matches);
                Add(text, CollectionsMarshal.AsSpan(matches), policy.Scanner.Rules);
            }
        }

        return _byText[text] is null ? text : Apply(text);
    }

    private readonly record struct PlannedMask(int Start, int Length, string Placeholder);
}
