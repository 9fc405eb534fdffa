namespace AiGateway.Processor.Guardrails;

/// <summary>
/// AWS secret access keys: exactly 40 characters of base64 alphabet standing alone, with upper case, lower case and
/// a digit (which rules out hex digests such as git SHAs and plain words). A hand-written run scanner instead of a
/// regex, which would try a 40-character loop at almost every position.
/// </summary>
internal sealed class AwsSecretKeyDetector : ITextDetector
{
    private const int KeyLength = 40;
    private static readonly MatchAlphabet Alphabet = new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", anyDigit: false);

    public static AwsSecretKeyDetector Instance { get; } = new();

    public void Find(ReadOnlySpan<char> text, int rule, List<GuardrailMatch> matches)
    {
        // Probe one character per key length: a probe outside the alphabet rules out every 40-character run through
        // it, so prose costs a lookup per ~40 characters. Invariant: offset is 0 or follows a character outside the
        // alphabet, so the run found from a probe starts at or after it.
        var offset = 0;
        while (offset + KeyLength <= text.Length)
        {
            var probe = offset + KeyLength - 1;
            if (!Alphabet.Contains(text[probe]))
            {
                offset = probe + 1;
                continue;
            }

            var start = probe;
            while (start > offset && Alphabet.Contains(text[start - 1]))
            {
                start--;
            }

            var end = probe + 1;
            while (end < text.Length && Alphabet.Contains(text[end]))
            {
                end++;
            }

            // A trailing '=' makes it base64 padding of something longer, not a key.
            if (end - start == KeyLength && (end == text.Length || text[end] != '=') && LooksRandom(text.Slice(start, KeyLength)))
            {
                matches.Add(new GuardrailMatch(rule, start, KeyLength));
            }

            offset = end + 1;
        }
    }

    private static bool LooksRandom(ReadOnlySpan<char> token) =>
        token.IndexOfAnyInRange('A', 'Z') >= 0 && token.IndexOfAnyInRange('a', 'z') >= 0 && token.IndexOfAnyInRange('0', '9') >= 0;
}
