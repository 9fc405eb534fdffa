namespace AiGateway.Processor.Budgets;

/// <summary>What a rate limit counts.</summary>
internal enum RateUnit
{
    Requests,
    Tokens,
}
