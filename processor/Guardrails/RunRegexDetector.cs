using System.Text.RegularExpressions;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// A regex detector for numbers (cards, phones, SSNs, IPv4, IBANs): the regex runs only on runs of the match alphabet
/// that are long enough and hold enough digits. Runs are found by probing one character per minimum match length
/// (a probe outside the alphabet rules out every run through it), so prose costs a lookup every few characters instead
/// of a regex attempt at every digit, and nothing is allocated.
/// </summary>
internal sealed class RunRegexDetector : ITextDetector
{
    private readonly Regex _regex;
    private readonly MatchAlphabet _alphabet;
    private readonly int _minLength;
    private readonly int _minDigits;
    private readonly MatchAlphabet? _marks;
    private readonly int _minMarks;
    private readonly MatchCheck? _check;

    /// <param name="regex">Every match consists of <paramref name="alphabet"/> characters only.</param>
    /// <param name="minLength">The shortest match's length.</param>
    /// <param name="minDigits">The fewest digits a match holds.</param>
    /// <param name="marks">Separators every match holds at least <paramref name="minMarks"/> of (an IPv4 address three dots).</param>
    public RunRegexDetector(Regex regex, MatchAlphabet alphabet, int minLength, int minDigits, MatchCheck? check = null, MatchAlphabet? marks = null, int minMarks = 0)
    {
        _marks = marks;
        _minMarks = minMarks;
        _regex = regex;
        _alphabet = alphabet;
        _minLength = minLength;
        _minDigits = minDigits;
        _check = check;
    }

    public void Find(ReadOnlySpan<char> text, int rule, List<GuardrailMatch> matches)
    {
        // Invariant: offset is 0 or follows a character outside the alphabet, so runs found from here start at or after it.
        var offset = 0;
        while (offset + _minLength <= text.Length)
        {
            var probe = offset + _minLength - 1;
            if (!_alphabet.Contains(text[probe]))
            {
                offset = probe + 1;
                continue;
            }

            var start = _alphabet.RunStart(text, probe, offset);
            var end = _alphabet.RunEnd(text, probe + 1);
            if (end - start >= _minLength && CanHold(text[start..end]))
            {
                RegexWindow.Find(_regex, text, start, end, _check, rule, matches);
            }

            offset = end + 1;
        }
    }

    /// <summary>Whether the run has the digits and separators of the shortest match, before paying for a regex call.</summary>
    private bool CanHold(ReadOnlySpan<char> run)
    {
        var digits = 0;
        var marks = 0;
        foreach (var c in run)
        {
            if (char.IsDigit(c))
            {
                digits++;
            }
            else if (_marks is not null && _marks.Contains(c))
            {
                marks++;
            }
        }

        return digits >= _minDigits && marks >= _minMarks;
    }
}
