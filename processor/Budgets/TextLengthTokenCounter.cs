using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Tokens from UTF-8 length at <see cref="StreamUsageEstimate.BytesPerToken"/>, without the o200k tokenizer: for the
/// input of a cut stream's usage estimate on a gateway whose admission never counts tokens (no budgets, no token
/// limits), which would otherwise load the tokenizer (≈ 45 MB of heap, ≈ 0.8 s of CPU) for an estimate
/// (adr/019-estimated-usage-for-cut-streams.md).
/// </summary>
internal sealed class TextLengthTokenCounter : ITextTokenCounter
{
    public static readonly TextLengthTokenCounter Instance = new();

    private TextLengthTokenCounter()
    {
    }

    public int Count(ReadOnlySpan<char> text) => Tokens(Encoding.UTF8.GetByteCount(text));

    /// <summary>A part held as its JSON token is measured without decoding it (escapes count a few bytes high).</summary>
    public int Count(TextPart part) => part.JsonToken.IsEmpty ? Count(part.Text) : Tokens(part.JsonToken.Length - 2);

    private static int Tokens(int bytes) => (bytes + StreamUsageEstimate.BytesPerToken - 1) / StreamUsageEstimate.BytesPerToken;
}
