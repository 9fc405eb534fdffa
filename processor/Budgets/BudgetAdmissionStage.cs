using System.Globalization;
using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Reserves the worst case before anything is spent (DESIGN.md §4): counted input tokens plus the requested (or
/// default) max tokens, at the priciest backend the request could fail over to, against every budget of the
/// caller's team, atomically. A request that does not fit gets 429 in the client's format naming the limit and when
/// it resets, with <c>x-should-retry: false</c> so SDKs do not hammer it.
/// </summary>
internal sealed class BudgetAdmissionStage : IExchangeStage
{
    /// <summary>Used when neither the request nor the model config gives max tokens (documented in docs/budgets.md).</summary>
    public const int FallbackMaxTokens = 4096;

    private readonly BudgetLedgerProvider _ledgers;
    private readonly Telemetry.GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BudgetAdmissionStage(BudgetLedgerProvider ledgers, Telemetry.GatewayMetrics metrics, TimeProvider time, ILogger<BudgetAdmissionStage> logger)
    {
        _ledgers = ledgers;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public ExchangePhases Phases => ExchangePhases.RequestBody;

    public FilterLevel Levels => FilterLevel.Router;

    public async ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        var config = exchange.Snapshot.Config;
        if (exchange.Caller is not { } caller || exchange.Model is not { } modelName
            || !config.Teams.TryGetValue(caller.Team, out var team) || (team.Budgets.Count == 0 && caller.KeyBudgets.Count == 0))
        {
            return StageResult.Continue;
        }

        var now = _time.GetUtcNow();
        var model = config.Models[modelName];
        var estimate = AdmissionEstimate.Of(context);
        long worst = 0;
        foreach (var backend in model.Backends)
        {
            worst = Math.Max(worst, PriceBook.CostMicroUsd(PriceBook.PriceAt(config.Backends[backend], now), estimate.InputTokens, estimate.MaxTokens));
        }

        var scopes = team.Budgets.Select(limit => Scope($"team:{caller.Team}", limit.Period, limit.Usd, now)).ToList();
        foreach (var limit in caller.KeyBudgets)
        {
            var period = string.Equals(limit.Period, "day", StringComparison.OrdinalIgnoreCase) ? BudgetPeriod.Day : BudgetPeriod.Month;
            scopes.Add(Scope($"key:{caller.KeyId}", period, limit.Usd, now));
        }

        var reservation = new BudgetReservation(Guid.NewGuid().ToString("N"), scopes, worst, now + config.Budgets.ReservationTtl);
        ReservationOutcome outcome;
        using var span = Telemetry.GatewayTracing.StartCall("ledger reserve");
        try
        {
            var ledger = await _ledgers.GetAsync(cancellationToken).ConfigureAwait(false);
            outcome = await ledger.TryReserveAsync(reservation, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerUnavailableException e) when (config.Budgets.FailOpen)
        {
            _metrics.RecordLedgerError("reserve", nameof(LedgerUnavailableException));
            BudgetsLog.FailOpen(_logger, e);
            return StageResult.Continue;
        }
        catch (LedgerUnavailableException e)
        {
            _metrics.RecordLedgerError("reserve", nameof(LedgerUnavailableException));
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, nameof(LedgerUnavailableException));
            BudgetsLog.FailClosed(_logger, e);
            return StageResult.Reject(new GatewayError(GatewayErrorKind.Overloaded, 503, "Budgets cannot be checked right now, so the request was not sent. Retry shortly.") { Details = "aigw_ledger_unavailable" });
        }

        if (!outcome.Accepted)
        {
            return StageResult.Reject(OverBudget(caller.Team, outcome, worst, now));
        }

        exchange.BudgetHold = new BudgetHold(reservation.Id, worst, now);
        return StageResult.Continue;
    }

    private static BudgetScope Scope(string owner, BudgetPeriod limitPeriod, decimal usd, DateTimeOffset now)
    {
        var (period, resetsAt) = BudgetPeriods.Current(limitPeriod, now);
        return new BudgetScope($"{owner}:{limitPeriod.ToString().ToLowerInvariant()}", period, (long)(usd * 1_000_000m), resetsAt);
    }

    private static GatewayError OverBudget(string team, ReservationOutcome outcome, long worst, DateTimeOffset now)
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

    /// <summary><c>max_tokens</c> (OpenAI, Anthropic) or <c>max_completion_tokens</c> (OpenAI) at the top level.</summary>
    internal static int? MaxTokens(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8);
                reader.Read();
                if (match && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) && value > 0)
                {
                    return value;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Validation reports malformed bodies; here it only means "not given".
        }

        return null;
    }
}
