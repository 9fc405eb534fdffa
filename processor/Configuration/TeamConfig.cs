namespace AiGateway.Processor.Configuration;

/// <summary>A team: what it may use. Budgets and rate limits attach to teams and keys.</summary>
internal sealed record TeamConfig
{
    /// <summary>Public model names the team may call; empty means every model.</summary>
    public List<string> AllowedModels { get; init; } = [];

    /// <summary>Values of the JWT team claim that mean this team (besides the team's own name), e.g. Cognito app client ids.</summary>
    public List<string> JwtClaimValues { get; init; } = [];

    /// <summary>
    /// Put prompt and completion text in this team's usage records (audit). Off by default: records then hold no
    /// content at all. Content passes the guardrail masks before it is written (docs/observability.md).
    /// </summary>
    public bool CaptureContent { get; init; }

    /// <summary>Spending limits; a request must fit all of them.</summary>
    public List<BudgetLimitConfig> Budgets { get; init; } = [];

    /// <summary>Requests and tokens per minute for the whole team (every key and caller of it together).</summary>
    public RateLimitConfig? RateLimits { get; init; }
}
