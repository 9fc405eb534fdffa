namespace AiGateway.Processor.Translation;

/// <summary>
/// Token usage in the neutral sense (§7.6): <see cref="InputTokens"/> excludes cache reads and writes (Anthropic/Bedrock
/// meaning); <see cref="OutputTokens"/> includes <see cref="ReasoningTokens"/> (OpenAI meaning).
/// </summary>
internal readonly record struct Usage(long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, long ReasoningTokens)
{
    /// <summary>Every prompt token, cached or not: OpenAI's <c>prompt_tokens</c>.</summary>
    public long TotalInputTokens => InputTokens + CacheReadTokens + CacheWriteTokens;

    /// <summary>Keeps the larger value of each counter: stream usage is cumulative, later events may omit fields.</summary>
    public Usage Merge(Usage later) => new(
        Math.Max(InputTokens, later.InputTokens),
        Math.Max(OutputTokens, later.OutputTokens),
        Math.Max(CacheReadTokens, later.CacheReadTokens),
        Math.Max(CacheWriteTokens, later.CacheWriteTokens),
        Math.Max(ReasoningTokens, later.ReasoningTokens));
}
