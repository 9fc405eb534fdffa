using System.Globalization;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// The answers admission gives instead of forwarding: 429 in the client's format naming the limit, with
/// <c>x-should-retry: false</c> so SDKs do not hammer it, and <c>retry-after</c> when waiting helps (a rate-limit
/// bucket's refill, or a budget reset within the hour); 503 when the store cannot be reached (fail closed).
/// </summary>
internal static class AdmissionRefusals
{
    public static GatewayError OverBudget(string team, ReservationOutcome outcome, long worst, DateTimeOffset now)
    {
        var scope = outcome.ExhaustedScope!;
        var window = scope.Period.Length == 7 ? "monthly" : "daily";
        var owner = scope.Name.StartsWith("key:", StringComparison.Ordinal) ? "This API key" : $"Team '{team}'";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{owner} has reached its {window} budget of ${scope.LimitMicroUsd / 1e6:0.00}: ${outcome.RemainingMicroUsd / 1e6:0.00} remains and this request may cost up to ${worst / 1e6:0.00}. The budget resets at {scope.ResetsAt:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        var headers = new List<KeyValuePair<string, string>> { new("x-should-retry", "false") };
        var untilReset = scope.ResetsAt - now;
        if (untilReset <= TimeSpan.FromHours(1))
        {
            headers.Add(new("retry-after", ((int)Math.Ceiling(untilReset.TotalSeconds)).ToString(CultureInfo.InvariantCulture)));
        }

        return new GatewayError(GatewayErrorKind.BudgetExceeded, 429, message) { Headers = headers, Details = "aigw_budget_exceeded" };
    }

    public static GatewayError Limited(string team, RateLimitOutcome outcome)
    {
        var limit = outcome.Exhausted!;
        var isKey = limit.Owner.StartsWith("key:", StringComparison.Ordinal);
        var owner = isKey ? "This API key" : $"Team '{team}'";
        var unit = limit.Unit == RateUnit.Requests ? "requests" : "tokens";
        var headers = new List<KeyValuePair<string, string>> { new("x-should-retry", "false") };
        string message;
        if (outcome.RetryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            headers.Add(new("retry-after", seconds.ToString(CultureInfo.InvariantCulture)));
            message = string.Create(CultureInfo.InvariantCulture, $"{owner} has reached its rate limit of {limit.PerMinute} {unit} per minute. Retry in {seconds} s.");
        }
        else
        {
            // Larger than a whole minute's allowance: waiting never helps, only a smaller max_tokens does.
            message = string.Create(CultureInfo.InvariantCulture,
                $"This request may use up to {limit.Amount} tokens (counted input plus max_tokens), more than the rate limit of {limit.PerMinute} tokens per minute of {(isKey ? "this API key" : $"team '{team}'")} allows. Lower max_tokens.");
        }

        return new GatewayError(GatewayErrorKind.RateLimited, 429, message) { Headers = headers, Details = "aigw_rate_limited" };
    }

    /// <summary>Fail closed: the store is unreachable, so nothing was sent (the message names what could not be checked).</summary>
    public static GatewayError Unavailable(bool budgets) => new(GatewayErrorKind.Overloaded, 503,
        budgets
            ? "Budgets cannot be checked right now, so the request was not sent. Retry shortly."
            : "Rate limits cannot be checked right now, so the request was not sent. Retry shortly.")
    {
        Details = "aigw_ledger_unavailable",
    };
}
