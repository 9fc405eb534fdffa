namespace AiGateway.Processor.Translation;

/// <summary>
/// OpenAI <c>reasoning_effort</c> → Claude thinking (§7.1 peer table), made acceptable to Claude (§2.6): no thinking when
/// the client forces a tool (Claude rejects forced tool use with thinking); with thinking on, <c>temperature</c> and
/// <c>top_k</c> are left out and <c>top_p</c> only kept in 0.95–1, since Claude rejects other values. Explicit
/// Anthropic <c>thinking</c> from an Anthropic client is never changed.
/// </summary>
internal static class DerivedThinking
{
    public static ChatRequest Apply(ChatRequest request, int maxTokens)
    {
        if (request.Thinking is not null || request.ReasoningEffort is null
            || request.ToolChoice?.Kind is ToolChoiceKind.Required or ToolChoiceKind.Specific
            || ReasoningBudget.FromEffort(request.ReasoningEffort, maxTokens) is not { } budget)
        {
            return request;
        }

        return request with
        {
            Thinking = new ThinkingConfig(ThinkingMode.Enabled, budget),
            Temperature = null,
            TopK = null,
            TopP = request.TopP is >= 0.95 ? request.TopP : null,
        };
    }
}
