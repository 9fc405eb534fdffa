namespace AiGateway.Processor.Configuration;

/// <summary>Where per-request usage records and CloudWatch EMF metric lines go.</summary>
internal sealed record TelemetryConfig
{
    /// <summary>
    /// Usage records (one JSON line per request): a file path (relative to this config file), <c>stdout</c>
    /// (for FireLens → Firehose → S3), or unset for none.
    /// </summary>
    public string? UsageRecords { get; init; } = "aigw-usage.jsonl";

    /// <summary>Write one CloudWatch Embedded Metric Format line per request to stdout (the awslogs driver ships it).</summary>
    public bool Emf { get; init; }

    /// <summary>The EMF namespace.</summary>
    public string EmfNamespace { get; init; } = "AiGateway";

    /// <summary>
    /// OTLP endpoint for traces and metrics (e.g. <c>http://127.0.0.1:4317</c>). Unset: OTLP is on only when the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set (the exporter also reads the other <c>OTEL_*</c> variables).
    /// </summary>
    public Uri? Otlp { get; init; }

    /// <summary>Serve Prometheus metrics at <c>/metrics</c> on the admin port (loopback by default, for local use).</summary>
    public bool Prometheus { get; init; } = true;

    /// <summary>
    /// The stages of one ext_proc exchange in N are timed into <c>aigw.processor.stage.duration</c> (1: every
    /// exchange; 0: none). A histogram update per stage per message was ≈ 2 % of the processor's CPU (adr/021).
    /// </summary>
    public int StageDurationSampling { get; init; } = 16;

    /// <summary>A usage record file is rotated when it reaches this size (it is also rotated at each UTC day).</summary>
    public long UsageRecordsRotateBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Records waiting for a slow or failing sink, at most; beyond it a record is dropped, counted and logged.</summary>
    public int UsageRecordsQueue { get; init; } = 10_000;
}
