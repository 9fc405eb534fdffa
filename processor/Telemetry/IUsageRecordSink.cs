namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Where usage records go: stdout, a rotating local file, or (later) a database. A sink receives complete JSON lines
/// from one queue worker at a time, so it needs no locking of its own. A write that throws is retried later from the
/// sink's bounded queue (<see cref="UsageRecordQueue"/>): a sink reports failure by throwing, never by dropping.
/// Register extra sinks in DI as <see cref="IUsageRecordSink"/>: each gets every record too.
/// </summary>
internal interface IUsageRecordSink
{
    /// <summary>A short low-cardinality name for metrics and logs (never a secret, e.g. no connection string).</summary>
    string Name { get; }

    /// <summary>Writes one record: a JSON object followed by <c>\n</c>. Throws when it could not be stored.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken);
}
