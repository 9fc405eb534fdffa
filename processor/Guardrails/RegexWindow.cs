using System.Text.RegularExpressions;

namespace AiGateway.Processor.Guardrails;

/// <summary>Runs a regex over one window of a text and gets the same matches there as a run over the whole text.</summary>
internal static class RegexWindow
{
    /// <summary>
    /// Adds the matches that start in [<paramref name="start"/>, <paramref name="end"/>). The regex sees the text
    /// before the window (a <c>startat</c> run keeps look-behinds and <c>\b</c> looking back into it) and one
    /// character after it, which is all the built-in patterns' look-aheads need; callers end windows at a character
    /// no match can consume, so no match is cut short.
    /// </summary>
    public static void Find(Regex regex, ReadOnlySpan<char> text, int start, int end, MatchCheck? check, int rule, List<GuardrailMatch> matches)
    {
        var visible = text[..Math.Min(text.Length, end + 1)];
        foreach (var match in regex.EnumerateMatches(visible, start))
        {
            if (check is null || check(text.Slice(match.Index, match.Length)))
            {
                matches.Add(new GuardrailMatch(rule, match.Index, match.Length));
            }
        }
    }
}
