namespace AiGateway.Processor.Guardrails;

/// <summary>
/// The characters every match of a detector is made of. A match then always lies inside one maximal run of them, so a
/// detector only needs to look at runs (plus one character either side for its look-arounds), never at the whole text.
/// </summary>
internal sealed class MatchAlphabet
{
    // The ASCII members as a 128-bit map: a probe is a shift and a mask, inlined, where SearchValues costs a call.
    private readonly ulong _low;
    private readonly ulong _high;
    private readonly bool _anyDigit;

    /// <param name="ascii">The ASCII characters of the alphabet.</param>
    /// <param name="anyDigit">Also every Unicode decimal digit: .NET's <c>\d</c> matches them, not only 0–9.</param>
    public MatchAlphabet(string ascii, bool anyDigit)
    {
        foreach (var c in ascii)
        {
            if (c < 64)
            {
                _low |= 1UL << c;
            }
            else if (c < 128)
            {
                _high |= 1UL << (c - 64);
            }
            else
            {
                throw new ArgumentException("Only ASCII characters are listed; other digits come with anyDigit.", nameof(ascii));
            }
        }

        _anyDigit = anyDigit;
    }

    public bool Contains(char c) => c switch
    {
        < (char)64 => ((_low >> c) & 1) != 0,
        < (char)128 => ((_high >> (c - 64)) & 1) != 0,
        _ => _anyDigit && char.IsDigit(c),
    };

    /// <summary>The start of the run holding <paramref name="position"/>, never before <paramref name="floor"/>.</summary>
    public int RunStart(ReadOnlySpan<char> text, int position, int floor)
    {
        while (position > floor && Contains(text[position - 1]))
        {
            position--;
        }

        return position;
    }

    /// <summary>The first position at or after <paramref name="position"/> that is outside the alphabet (or the text's end).</summary>
    public int RunEnd(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length && Contains(text[position]))
        {
            position++;
        }

        return position;
    }
}
