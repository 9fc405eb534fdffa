using System.Buffers;
using System.Text.RegularExpressions;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// A detector made of a regex, an optional prefilter (a text with none of the anchor strings cannot match, and the
/// vectorized anchor search is far cheaper than running the regex) and an optional checksum on each match.
/// </summary>
internal sealed class RegexDetector : ITextDetector
{
    private readonly Regex _regex;
    private readonly SearchValues<string>? _anchors;
    private readonly MatchCheck? _check;

    public RegexDetector(Regex regex, SearchValues<string>? anchors = null, MatchCheck? check = null)
    {
        _regex = regex;
        _anchors = anchors;
        _check = check;
    }

    public void Find(ReadOnlySpan<char> text, int rule, List<GuardrailMatch> matches)
    {
        if (_anchors is not null && text.IndexOfAny(_anchors) < 0)
        {
            return;
        }

        foreach (var match in _regex.EnumerateMatches(text))
        {
            if (_check is null || _check(text.Slice(match.Index, match.Length)))
            {
                matches.Add(new GuardrailMatch(rule, match.Index, match.Length));
            }
        }
    }
}
