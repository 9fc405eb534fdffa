namespace AiGateway.Processor.Telemetry;

/// <summary>One row of <see cref="UsageSummary"/>: a team's use of one model.</summary>
internal sealed record UsageTotals
{
    public long Requests { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public decimal CostUsd { get; init; }
}
