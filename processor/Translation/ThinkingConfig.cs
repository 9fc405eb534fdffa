namespace AiGateway.Processor.Translation;

/// <summary>Extended thinking as Anthropic describes it (§2.6); <see cref="BudgetTokens"/> only when <see cref="ThinkingMode.Enabled"/>.</summary>
internal sealed record ThinkingConfig(ThinkingMode Mode, int? BudgetTokens);
