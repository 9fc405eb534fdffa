namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Records and EMF lines on stdout (FireLens → Firehose → S3, or the awslogs driver for EMF). Every stdout line goes
/// through this one sink's queue, so lines never interleave.
/// </summary>
internal sealed class StdoutRecordSink : IUsageRecordSink
{
    private readonly Stream _stdout;

    /// <param name="stdout">Tests pass a stream to read what would reach stdout.</param>
    public StdoutRecordSink(Stream? stdout = null)
    {
        _stdout = stdout ?? Console.OpenStandardOutput();
    }

    public string Name => "stdout";

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        await _stdout.WriteAsync(lines, cancellationToken).ConfigureAwait(false);
        await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
