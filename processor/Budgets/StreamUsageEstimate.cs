using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Usage of a stream that ended before the provider reported its final usage (a client disconnect, a provider cut or
/// error event mid-stream; adr/019-estimated-usage-for-cut-streams.md). Provider counts win wherever they were seen:
/// the input of a start event (Anthropic <c>message_start</c>) is kept; otherwise the input is the admission estimate
/// of the request. The output is the answer that passed through, at <see cref="BytesPerToken"/>, never below what the
/// provider reported so far.
/// </summary>
internal static class StreamUsageEstimate
{
    /// <summary>
    /// UTF-8 bytes of streamed answer per output token. o200k covers ≈ 4 characters of English per token (OpenAI's
    /// rule of thumb); other tokenizers count up to ≈ 1.35× o200k (adr/017), so 4 / 1.35 ≈ 3; CJK text is 3 bytes a
    /// character at ≈ 1 token each. Counting bytes once per delta keeps the stream free of tokenization.
    /// </summary>
    public const int BytesPerToken = 3;

    /// <summary>An estimate is due: the provider started answering and its final usage never came.</summary>
    public static bool Needed(StreamTally tally) => tally.Started && !tally.FinalUsageSeen;

    /// <summary>The estimated usage; <paramref name="admissionInputTokens"/> is used only when the stream carried no input count.</summary>
    public static Usage Of(StreamTally tally, long admissionInputTokens)
    {
        var seen = tally.Usage;
        var reasoning = Math.Max(seen.ReasoningTokens, Tokens(tally.ThinkingBytes));
        var output = Math.Max(seen.OutputTokens, Tokens(tally.StreamedBytes) + reasoning);
        return seen.TotalInputTokens > 0
            ? seen with { OutputTokens = output, ReasoningTokens = reasoning }
            : seen with { InputTokens = admissionInputTokens, OutputTokens = output, ReasoningTokens = reasoning };
    }

    private static long Tokens(long bytes) => (bytes + BytesPerToken - 1) / BytesPerToken;
}
