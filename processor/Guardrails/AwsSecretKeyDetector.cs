using System.Buffers;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// AWS secret access keys: exactly 40 characters of base64 alphabet standing alone, with upper case, lower case and
/// a digit (which rules out hex digests such as git SHAs and plain words). Runs of the alphabet are found with two
/// vectorized searches per run instead of a regex, which would try a 40-character loop at almost every position.
/// </summary>
internal sealed class AwsSecretKeyDetector : ITextDetector
{
    private const int KeyLength = 40;
    private static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+");

    public static AwsSecretKeyDetector Instance { get; } = new();

    public void Find(ReadOnlySpan<char> text, int rule, List<GuardrailMatch> matches)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var start = text[offset..].IndexOfAny(Alphabet);
            if (start < 0)
            {
                return;
            }

            start += offset;
            var length = text[start..].IndexOfAnyExcept(Alphabet);
            if (length < 0)
            {
                length = text.Length - start;
            }

            // A trailing '=' makes it base64 padding of something longer, not a key.
            var end = start + length;
            if (length == KeyLength && (end == text.Length || text[end] != '=') && LooksRandom(text.Slice(start, length)))
            {
                matches.Add(new GuardrailMatch(rule, start, length));
            }

            offset = end;
        }
    }

    private static bool LooksRandom(ReadOnlySpan<char> token) =>
        token.IndexOfAnyInRange('A', 'Z') >= 0 && token.IndexOfAnyInRange('a', 'z') >= 0 && token.IndexOfAnyInRange('0', '9') >= 0;
}
