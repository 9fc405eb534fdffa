using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Admits a request before anything is spent (DESIGN.md §4, adr/017-admission-token-estimate.md): one request from
/// every requests-per-minute bucket and the worst case in tokens from every tokens-per-minute bucket of the caller's
/// team and key (adr/009-rate-limits.md), and the worst case in money (counted input plus the requested or default
/// max tokens, at the priciest backend the request could fail over to) against every budget of the team and key,
/// all or nothing in one store operation. Runs before the request guardrails: a request they then block used
/// nothing, and its settlement gives everything back. Refusals: <see cref="AdmissionRefusals"/>.
/// </summary>
internal sealed class AdmissionStage : IExchangeStage
{
    /// <summary>Used when neither the request nor the model config gives max tokens (documented in docs/budgets.md).</summary>
    public const int FallbackMaxTokens = 4096;

    private readonly BudgetLedgerProvider _ledgers;
    private readonly ChatTokenEstimator _estimator;
    private readonly Telemetry.GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AdmissionStage(BudgetLedgerProvider ledgers, ChatTokenEstimator estimator, Telemetry.GatewayMetrics metrics, TimeProvider time, ILogger<AdmissionStage> logger)
    {
        _ledgers = ledgers;
        _estimator = estimator;
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
        if (exchange.Caller is not { } caller || exchange.Model is not { } modelName || !config.Teams.TryGetValue(caller.Team, out var team))
        {
            return StageResult.Continue;
        }

        var now = _time.GetUtcNow();
        var charges = RateCharges(context, caller, team, out var tokenCharges, out var reservedTokens);
        var reservation = Reservation(context, caller, team, config.Models[modelName], now);
        if (charges.Count == 0 && reservation is null)
        {
            return StageResult.Continue;
        }

        AdmissionOutcome outcome;
        using (var span = reservation is null ? null : Telemetry.GatewayTracing.StartCall("ledger reserve"))
        {
            try
            {
                var store = await _ledgers.GetAdmissionStoreAsync(cancellationToken).ConfigureAwait(false);
                outcome = await store.TryAdmitAsync(charges, reservation, now, cancellationToken).ConfigureAwait(false);
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
                return StageResult.Reject(AdmissionRefusals.Unavailable(budgets: reservation is not null));
            }
        }

        if (!outcome.Rate.Accepted)
        {
            return StageResult.Reject(AdmissionRefusals.Limited(caller.Team, outcome.Rate));
        }

        if (!outcome.Budget.Accepted)
        {
            return StageResult.Reject(AdmissionRefusals.OverBudget(caller.Team, outcome.Budget, reservation!.AmountMicroUsd, now));
        }

        if (tokenCharges.Count > 0)
        {
            exchange.RateLimitHold = new RateLimitHold(tokenCharges, reservedTokens);
        }

        if (reservation is not null)
        {
            exchange.BudgetHold = new BudgetHold(reservation.Id, reservation.AmountMicroUsd, now);
        }

        return StageResult.Continue;
    }

    /// <summary>The team's and key's requests and tokens per minute (tokens: the worst case, settled at the end).</summary>
    private List<RateCharge> RateCharges(PhaseContext context, Identity.Caller caller, TeamConfig team, out List<RateCharge> tokenCharges, out long estimate)
    {
        var charges = new List<RateCharge>(4);
        var tokens = new List<RateCharge>(2);
        var worst = 0L;
        Add($"team:{caller.Team}", team.RateLimits?.RequestsPerMinute, team.RateLimits?.TokensPerMinute);
        Add($"key:{caller.KeyId}", caller.KeyRateLimits?.RequestsPerMinute, caller.KeyRateLimits?.TokensPerMinute);
        tokenCharges = tokens;
        estimate = worst;
        return charges;

        void Add(string owner, int? requestsPerMinute, long? tokensPerMinute)
        {
            if (requestsPerMinute is { } rpm)
            {
                charges.Add(new RateCharge(owner, RateUnit.Requests, rpm, 1));
            }

            if (tokensPerMinute is { } tpm)
            {
                worst = AdmissionEstimate.Of(context, _estimator).TotalTokens;
                var charge = new RateCharge(owner, RateUnit.Tokens, tpm, worst);
                charges.Add(charge);
                tokens.Add(charge);
            }
        }
    }

    /// <summary>The worst case in money held against every budget of the team and key, or null when none applies.</summary>
    private BudgetReservation? Reservation(PhaseContext context, Identity.Caller caller, TeamConfig team, ModelConfig model, DateTimeOffset now)
    {
        if (team.Budgets.Count == 0 && caller.KeyBudgets.Count == 0)
        {
            return null;
        }

        var config = context.Exchange.Snapshot.Config;
        var estimate = AdmissionEstimate.Of(context, _estimator);
        long worst = 0;
        foreach (var backend in model.Backends)
        {
            worst = Math.Max(worst, PriceBook.CostMicroUsd(PriceBook.PriceAt(config.Backends[backend], now), estimate.InputTokens, estimate.MaxTokens));
        }

        var scopes = new List<BudgetScope>(team.Budgets.Count + caller.KeyBudgets.Count);
        foreach (var limit in team.Budgets)
        {
            scopes.Add(Scope($"team:{caller.Team}", limit.Period, limit.Usd, now));
        }

        foreach (var limit in caller.KeyBudgets)
        {
            var period = string.Equals(limit.Period, "day", StringComparison.OrdinalIgnoreCase) ? BudgetPeriod.Day : BudgetPeriod.Month;
            scopes.Add(Scope($"key:{caller.KeyId}", period, limit.Usd, now));
        }

        return new BudgetReservation(UniqueIds.New(), scopes, worst, now + config.Budgets.ReservationTtl);
    }

    private static BudgetScope Scope(string owner, BudgetPeriod limitPeriod, decimal usd, DateTimeOffset now)
    {
        var (period, resetsAt) = BudgetPeriods.Current(limitPeriod, now);
        return new BudgetScope($"{owner}:{limitPeriod.ToString().ToLowerInvariant()}", period, (long)(usd * 1_000_000m), resetsAt);
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
