using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Every metric the processor emits, on one <see cref="Meter"/> named <see cref="TelemetryNames.Source"/>. Names,
/// units and histogram buckets of the <c>gen_ai.*</c> instruments follow the GenAI semantic conventions
/// (gen-ai-metrics.md: "SHOULD be specified with ExplicitBucketBoundaries …"); the rest are the gateway's own
/// (docs/observability.md). Without a listener every Record is a no-op.
/// </summary>
internal sealed class GatewayMetrics
{
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly double[] RequestDurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] TimeToFirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
    private static readonly double[] TimePerOutputTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    // A stage runs in well under a millisecond unless it calls out (ledger, guardrail, Secrets Manager).
    private static readonly double[] StageBuckets = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Histogram<long> _tokenUsage;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _timePerOutputToken;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _failoverAttempts;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _ledgerErrors;
    private readonly Counter<long> _guardrailDecisions;
    private readonly Histogram<double> _guardrailFirstTokenDelay;
    private readonly Counter<long> _recordFailures;
    private readonly Counter<long> _recordsDropped;

    public GatewayMetrics(IMeterFactory meters, ActiveExchanges active)
    {
        var meter = meters.Create(TelemetryNames.Source);
        _tokenUsage = meter.CreateHistogram(TelemetryNames.TokenUsage, "{token}", "Number of input and output tokens used.", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _requestDuration = meter.CreateHistogram(TelemetryNames.RequestDuration, "s", "Generative AI server request duration such as time-to-last byte or last output token.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestDurationBuckets });
        _timeToFirstToken = meter.CreateHistogram(TelemetryNames.TimeToFirstToken, "s", "Time to generate first token for successful responses.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToFirstTokenBuckets });
        _timePerOutputToken = meter.CreateHistogram(TelemetryNames.TimePerOutputToken, "s", "Time per output token generated after the first token for successful responses.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimePerOutputTokenBuckets });
        _stageDuration = meter.CreateHistogram(TelemetryNames.StageDuration, "s", "Time one processor stage took to answer one ext_proc message.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StageBuckets });
        _requests = meter.CreateCounter<long>(TelemetryNames.Requests, "{request}", "Client requests by how they ended.");
        _failoverAttempts = meter.CreateCounter<long>(TelemetryNames.FailoverAttempts, "{attempt}", "Upstream attempts after the first of a request (Envoy retried on another priority).");
        _cost = meter.CreateCounter<double>(TelemetryNames.Cost, "USD", "Cost of the tokens used, at the price in force when each request started.");
        _ledgerErrors = meter.CreateCounter<long>(TelemetryNames.LedgerErrors, "{error}", "Budget ledger calls that failed.");
        _guardrailDecisions = meter.CreateCounter<long>(TelemetryNames.GuardrailDecisions, "{decision}", "Guardrail decisions by guardrail and action.");
        _guardrailFirstTokenDelay = meter.CreateHistogram(TelemetryNames.GuardrailFirstTokenDelay, "s", "Time the response guardrail's stream window held back the first token.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToFirstTokenBuckets });
        _recordFailures = meter.CreateCounter<long>(TelemetryNames.RecordFailures, "{failure}", "Usage record writes that failed (the record is retried).");
        _recordsDropped = meter.CreateCounter<long>(TelemetryNames.RecordsDropped, "{record}", "Usage records dropped because a sink's retry queue was full.");
        meter.CreateObservableUpDownCounter(TelemetryNames.ActiveStreams, () => (long)active.Count, "{stream}", "ext_proc streams in flight (both filter levels).");
    }

    /// <summary>False while nothing listens to stage durations: the pipeline then skips its timestamps.</summary>
    public bool StageDurationEnabled => _stageDuration.Enabled;

    /// <summary>Tags for one stage in one phase, made once when the pipeline is built (no allocation per message).</summary>
    public static KeyValuePair<string, object?>[] StageTags(string stage, ExchangePhases phase) =>
        [new(TelemetryNames.Stage, stage), new(TelemetryNames.Phase, PhaseName(phase))];

    public void RecordStageDuration(long startTimestamp, long endTimestamp, ReadOnlySpan<KeyValuePair<string, object?>> stageTags) =>
        _stageDuration.Record(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalSeconds, stageTags);

    /// <param name="tags">The request's <c>gen_ai.*</c> and <c>aigw.*</c> attributes; <c>gen_ai.token.type</c> is added here.</param>
    public void RecordTokens(long count, string tokenType, TagList tags)
    {
        tags.Add(TelemetryNames.TokenType, tokenType);
        _tokenUsage.Record(count, tags);
    }

    public void RecordRequestDuration(double seconds, in TagList tags) => _requestDuration.Record(seconds, tags);

    public void RecordTimeToFirstToken(double seconds, in TagList tags) => _timeToFirstToken.Record(seconds, tags);

    public void RecordTimePerOutputToken(double seconds, in TagList tags) => _timePerOutputToken.Record(seconds, tags);

    public void RecordRequest(string outcome, string? clientApi, string? team, string? route, string? backend) =>
        _requests.Add(1, new TagList
        {
            { TelemetryNames.Outcome, outcome },
            { TelemetryNames.ClientApi, clientApi },
            { TelemetryNames.Team, team },
            { TelemetryNames.Route, route },
            { TelemetryNames.Backend, backend },
        });

    /// <param name="backend">The backend the retry went to.</param>
    public void RecordFailoverAttempt(string? team, string? route, string backend) =>
        _failoverAttempts.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Team, team), new KeyValuePair<string, object?>(TelemetryNames.Route, route), new KeyValuePair<string, object?>(TelemetryNames.Backend, backend));

    public void RecordCost(decimal usd, string? team, string? route) =>
        _cost.Add((double)usd, new KeyValuePair<string, object?>(TelemetryNames.Team, team), new KeyValuePair<string, object?>(TelemetryNames.Route, route));

    /// <param name="operation"><c>reserve</c> or <c>settle</c>.</param>
    /// <param name="errorType">A low-cardinality error name, e.g. the exception type.</param>
    public void RecordLedgerError(string operation, string errorType) =>
        _ledgerErrors.Add(1, new KeyValuePair<string, object?>(TelemetryNames.LedgerOperation, operation), new KeyValuePair<string, object?>(TelemetryNames.ErrorType, errorType));

    /// <summary>One guardrail decision (for the guardrails stage: one call per decision it takes).</summary>
    /// <param name="guardrail">The configured guardrail's name.</param>
    /// <param name="phase"><c>request</c> or <c>response</c>.</param>
    /// <param name="action">What it decided: e.g. <c>allow</c>, <c>mask</c>, <c>block</c>.</param>
    public void RecordGuardrailDecision(string guardrail, string rule, string phase, string action, string? team, string? route) =>
        _guardrailDecisions.Add(1, new TagList
        {
            { TelemetryNames.Guardrail, guardrail },
            { TelemetryNames.GuardrailRule, rule },
            { TelemetryNames.Phase, phase },
            { TelemetryNames.GuardrailAction, action },
            { TelemetryNames.Team, team },
            { TelemetryNames.Route, route },
        });

    /// <summary>How long a streamed response's first token waited in the guardrail window (added time to first token).</summary>
    public void RecordGuardrailFirstTokenDelay(double seconds, string? team, string? route) =>
        _guardrailFirstTokenDelay.Record(seconds, new KeyValuePair<string, object?>(TelemetryNames.Team, team), new KeyValuePair<string, object?>(TelemetryNames.Route, route));

    public void RecordRecordFailure(string sink) => _recordFailures.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Sink, sink));

    public void RecordRecordDropped(string sink) => _recordsDropped.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Sink, sink));

    private static string PhaseName(ExchangePhases phase) => phase switch
    {
        ExchangePhases.RequestHeaders => "request_headers",
        ExchangePhases.RequestBody => "request_body",
        ExchangePhases.ResponseHeaders => "response_headers",
        ExchangePhases.ResponseBody => "response_body",
        _ => "other",
    };
}
