namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Instrument, span and attribute names. The <c>gen_ai.*</c> and <c>error.type</c> names are the OpenTelemetry GenAI
/// semantic conventions' (gen-ai-metrics.md, gen-ai-spans.md); the <c>aigw.*</c> names are ours (docs/observability.md).
/// </summary>
internal static class TelemetryNames
{
    /// <summary>The Meter and ActivitySource name: what an OpenTelemetry SDK subscribes to.</summary>
    public const string Source = "AiGateway.Processor";

    public const string TokenUsage = "gen_ai.client.token.usage";
    public const string RequestDuration = "gen_ai.server.request.duration";
    public const string TimeToFirstToken = "gen_ai.server.time_to_first_token";
    public const string TimePerOutputToken = "gen_ai.server.time_per_output_token";

    public const string Requests = "aigw.requests";
    public const string FailoverAttempts = "aigw.failover.attempts";
    public const string Cost = "aigw.cost";
    public const string StageDuration = "aigw.processor.stage.duration";
    public const string ActiveStreams = "aigw.ext_proc.active_streams";
    public const string LedgerErrors = "aigw.ledger.errors";
    public const string GuardrailDecisions = "aigw.guardrail.decisions";
    public const string GuardrailFirstTokenDelay = "aigw.guardrail.first_token_delay";
    public const string RecordFailures = "aigw.usage_records.failures";
    public const string RecordsDropped = "aigw.usage_records.dropped";

    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string TokenType = "gen_ai.token.type";
    public const string ErrorType = "error.type";
    public const string Team = "aigw.team";
    public const string Route = "aigw.route";
    public const string Backend = "aigw.backend";
    public const string Outcome = "aigw.outcome";
    public const string ClientApi = "aigw.client_api";
    public const string Stage = "aigw.stage";
    public const string Phase = "aigw.phase";
    public const string LedgerOperation = "aigw.ledger.operation";
    public const string Guardrail = "aigw.guardrail";
    public const string GuardrailAction = "aigw.guardrail.action";
    public const string GuardrailRule = "aigw.guardrail.rule";
    public const string Sink = "aigw.sink";
    public const string Level = "aigw.filter_level";

    /// <summary>The semconv's well-known <c>gen_ai.token.type</c> values, and our documented extra types (subsets of them).</summary>
    public const string TokenInput = "input";
    public const string TokenOutput = "output";
    public const string TokenCacheRead = "cache_read";
    public const string TokenCacheWrite = "cache_write";
    public const string TokenReasoning = "reasoning";
}
