namespace AiGateway.FakeProviders.Scripting;

/// <summary>
/// Token counts in the Anthropic/Bedrock sense: <see cref="InputTokens"/> excludes cache reads and
/// writes (shared/reference/provider-apis.md §7.6); OpenAI renderings add them into prompt_tokens.
/// </summary>
public sealed record ReplyUsage(int InputTokens, int OutputTokens, int CacheReadTokens = 0, int CacheWriteTokens = 0, int ReasoningTokens = 0)
{
    public int TotalInputTokens => InputTokens + CacheReadTokens + CacheWriteTokens;
}
