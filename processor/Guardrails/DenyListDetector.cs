using System.Buffers;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Words and phrases an operator never wants through, matched case-insensitively as whole words (so <c>class</c>
/// does not fire inside <c>classic</c>). One vectorized multi-string search finds candidates.
/// </summary>
internal sealed class DenyListDetector : ITextDetector
{
    private readonly string[] _phrases;
    private readonly SearchValues<string> _search;

    public DenyListDetector(IReadOnlyCollection<string> phrases)
    {
        // Longest first, so "credit card number" wins over "credit card" at the same position.
        _phrases = [.. phrases.Where(p => p.Length > 0).OrderByDescending(p => p.Length)];
        _search = SearchValues.Create(_phrases, StringComparison.OrdinalIgnoreCase);
    }

    public void Find(ReadOnlySpan<char> text, int rule, List<GuardrailMatch> matches)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var found = text[offset..].IndexOfAny(_search);
            if (found < 0)
            {
                return;
            }

            var start = offset + found;
            var length = LengthAt(text, start);
            if (length > 0)
            {
                matches.Add(new GuardrailMatch(rule, start, length));
                offset = start + length;
            }
            else
            {
                offset = start + 1;
            }
        }
    }

    /// <summary>The longest phrase at <paramref name="start"/> that stands as whole words, or 0.</summary>
    private int LengthAt(ReadOnlySpan<char> text, int start)
    {
        if (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            return 0;
        }

        foreach (var phrase in _phrases)
        {
            var end = start + phrase.Length;
            if (end <= text.Length
                && text.Slice(start, phrase.Length).Equals(phrase, StringComparison.OrdinalIgnoreCase)
                && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return phrase.Length;
            }
        }

        return 0;
    }
}
