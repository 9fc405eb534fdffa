namespace AiGateway.Processor.Budgets;

/// <summary>The answer to an admission: the rate limits' and the budget's. When rate limits refuse, the budget is not asked.</summary>
internal sealed record AdmissionOutcome(RateLimitOutcome Rate, ReservationOutcome Budget)
{
    public static readonly AdmissionOutcome Ok = new(RateLimitOutcome.Ok, ReservationOutcome.Ok);

    public bool Accepted => Rate.Accepted && Budget.Accepted;
}
