namespace AiGateway.Processor.Configuration;

/// <summary>Recording of ext_proc streams to files, one file per stream (docs/recording.md).</summary>
internal sealed record RecordingConfig
{
    /// <summary>Directory to write recordings to; recording is off when unset.</summary>
    public string? Dir { get; init; }
}
