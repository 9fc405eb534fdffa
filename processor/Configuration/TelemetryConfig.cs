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
}
