using System.Globalization;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Enforces requests and tokens per minute of the caller's team and key at admission, before the budget reservation
/// (adr/009-rate-limits.md): one request from every requests bucket and the worst case in tokens (counted input plus
/// max tokens) from every tokens bucket, all or nothing. Tokens are settled to the real count when the request ends
/// (<see cref="RateLimitSettlement"/>). A refusal is 429 in the client's format naming the limit, with
/// <c>retry-after</c> (seconds until the bucket has room) and <c>x-should-retry: false</c>.
/// </summary>
internal sealed class RateLimitStage : IExchangeStage
{
    private readonly BudgetLedgerProvider _ledgers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RateLimitStage(BudgetLedgerProvider ledgers, TimeProvider time, ILogger<RateLimitStage> logger)
    {
        _ledgers = ledgers;
        _time = time;
        _logger = logger;
    }

    public ExchangePhases Phases => ExchangePhases.RequestBody;

    public FilterLevel Levels => FilterLevel.Router;

    public async ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        var config = exchange.Snapshot.Config;
        if (exchange.Caller is not { } caller || exchange.Model is null || !config.Teams.TryGetValue(caller.Team, out var team))
        {
            return StageResult.Continue;
        }

        var charges = new List<RateCharge>(4);
        var tokenCharges = new List<RateCharge>(2);
        var estimate = 0L;
        Add($"team:{caller.Team}", team.RateLimits?.RequestsPerMinute, team.RateLimits?.TokensPerMinute);
        Add($"key:{caller.KeyId}", caller.KeyRateLimits?.RequestsPerMinute, caller.KeyRateLimits?.TokensPerMinute);
        if (charges.Count == 0)
        {
            return StageResult.Continue;
        }

        RateLimitOutcome outcome;
        var now = _time.GetUtcNow();
        try
        {
            var limiter = await _ledgers.GetRateLimiterAsync(cancellationToken).ConfigureAwait(false);
            outcome = await limiter.TryAcquireAsync(charges, now, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerUnavailableException e) when (config.Budgets.FailOpen)
        {
            BudgetsLog.FailOpen(_logger, e);
            return StageResult.Continue;
        }
        catch (LedgerUnavailableException e)
        {
            BudgetsLog.FailClosed(_logger, e);
            return StageResult.Reject(new GatewayError(GatewayErrorKind.Overloaded, 503, "Rate limits cannot be checked right now, so the request was not sent. Retry shortly.") { Details = "aigw_ledger_unavailable" });
        }

        if (!outcome.Accepted)
        {
            return StageResult.Reject(Limited(caller.Team, outcome));
        }

        if (tokenCharges.Count > 0)
        {
            exchange.RateLimitHold = new RateLimitHold(tokenCharges, estimate);
        }

        return StageResult.Continue;

        void Add(string owner, int? requestsPerMinute, long? tokensPerMinute)
        {
            if (requestsPerMinute is { } rpm)
            {
                charges.Add(new RateCharge(owner, RateUnit.Requests, rpm, 1));
            }

            if (tokensPerMinute is { } tpm)
            {
                estimate = AdmissionEstimate.Of(context).TotalTokens;
                var charge = new RateCharge(owner, RateUnit.Tokens, tpm, estimate);
                charges.Add(charge);
                tokenCharges.Add(charge);
            }
        }
    }

    private static GatewayError Limited(string team, RateLimitOutcome outcome)
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
}
