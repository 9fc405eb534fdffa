namespace AiGateway.Processor.Translation;

/// <summary>
/// OpenAI <c>reasoning_effort</c> ⇄ Anthropic thinking budget (§7.1 peer table): minimal/low 1024, medium 2048,
/// high 4096, xhigh 8192, max 16384, none → off; capped to <c>max_tokens − 1</c> and dropped when that is below 1024
/// (Anthropic's minimum budget, §2.6).
/// </summary>
internal static class ReasoningBudget
{
    public const int MinimumBudget = 1024;

    public static int? FromEffort(string? effort, int maxTokens)
    {
        int? budget = effort switch
        {
            "minimal" or "low" => 1024,
            "medium" => 2048,
            "high" => 4096,
            "xhigh" => 8192,
            "max" => 16384,
            _ => null,
        };
        if (budget is null || maxTokens - 1 < MinimumBudget)
        {
            return null;
        }

        return Math.Min(budget.Value, maxTokens - 1);
    }

    public static string ToEffort(int budget) => budget switch
    {
        <= 1024 => "low",
        <= 2048 => "medium",
        <= 4096 => "high",
        <= 8192 => "xhigh",
        _ => "max",
    };
}
