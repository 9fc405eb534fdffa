namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Where usage records go: stdout, a rotating local file, or (later) a database. A sink receives complete JSON lines
/// (a batch of them per write) from one queue worker at a time, so it needs no locking of its own. A write that
/// throws is retried later from the sink's bounded queue (<see cref="UsageRecordQueue"/>): a sink reports failure by
/// throwing, never by dropping.
/// Register extra sinks in DI as <see cref="IUsageRecordSink"/>: each gets every record too.
/// </summary>
internal interface IUsageRecordSink
{
    /// <summary>A short low-cardinality name for metrics and logs (never a secret, e.g. no connection string).</summary>
    string Name { get; }

    /// <summary>
    /// Writes one or more whole records, each a JSON object followed by <c>\n</c>, in one go. Throws when they could
    /// not be stored (then all of them are retried).
    /// </summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken);
}
