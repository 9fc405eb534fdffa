using System.Buffers;
using System.Text.RegularExpressions;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// A regex detector whose every match holds an anchor (<c>@</c> for e-mail, <c>sk-</c> for OpenAI keys): a vectorized
/// search finds the anchors and the regex runs only on the run of the match alphabet around each one, so a 32 KB text
/// with one <c>@</c> costs a search plus a regex over a few dozen characters, not a regex over 32 KB.
/// </summary>
internal sealed class AnchoredRegexDetector : ITextDetector
{
    private readonly Regex _regex;
    private readonly SearchValues<string> _anchors;
    private readonly MatchAlphabet _alphabet;

    /// <param name="regex">Every match consists of <paramref name="alphabet"/> characters and holds one of <paramref name="anchors"/>.</param>
    public AnchoredRegexDetector(Regex regex, SearchValues<string> anchors, MatchAlphabet alphabet)
    {
        _regex = regex;
        _anchors = anchors;
        _alphabet = alphabet;
    }

    public void Find(ReadOnlySpan<char> text, int rule, List<GuardrailMatch> matches)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var found = text[offset..].IndexOfAny(_anchors);
            if (found < 0)
            {
                return;
            }

            var anchor = offset + found;
            var start = _alphabet.RunStart(text, anchor, offset);
            var end = _alphabet.RunEnd(text, anchor);
            RegexWindow.Find(_regex, text, start, end, null, rule, matches);
            offset = end + 1;
        }
    }
}
