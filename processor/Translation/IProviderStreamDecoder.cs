namespace AiGateway.Processor.Translation;

/// <summary>
/// Turns one provider's response stream into neutral <see cref="StreamEvent"/>s. Per-request and stateful: carries partial
/// frames between calls. Errors (in-stream error events, framing faults) arrive as <see cref="StreamEventKind.Error"/>.
/// </summary>
internal interface IProviderStreamDecoder : IDisposable
{
    void Decode(ReadOnlySpan<byte> chunk, IStreamEventSink sink);

    /// <summary>End of the provider stream: flush what is pending (e.g. a held stop reason, §7.8).</summary>
    void Complete(IStreamEventSink sink);
}
