namespace AiGateway.Processor.Budgets;

/// <summary>Tokens a request used, by kind, as the provider reported them (output includes reasoning).</summary>
internal sealed record TokenCounts(long Input, long Output, long CacheRead = 0, long CacheWrite = 0, long Reasoning = 0);
