namespace AiGateway.Processor.Budgets;

/// <summary>
/// What one request takes from one rate-limit bucket: <paramref name="Amount"/> requests or tokens from
/// <paramref name="Owner"/>'s (<c>team:search</c>, <c>key:k1</c>) allowance of <paramref name="PerMinute"/>.
/// A negative amount returns tokens (settlement of an over-estimate); a positive one on return takes more.
/// </summary>
internal sealed record RateCharge(string Owner, RateUnit Unit, long PerMinute, long Amount)
{
    /// <summary>The bucket's storage key.</summary>
    public string Key => Unit == RateUnit.Requests ? $"{Owner}:rpm" : $"{Owner}:tpm";
}
