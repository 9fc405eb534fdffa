using System.Buffers;

namespace AiGateway.Processor.Translation;

/// <summary>
/// What the two same-schema response translators share (DESIGN.md §3): bodies pass unchanged after one forward-only read
/// of usage and finish reason; a stream's tally, its single error rendering and its "cut = error, never a clean close" rule.
/// Subclasses decode their provider's framing and forward whole events untouched.
/// </summary>
internal abstract class PassthroughResponseTranslator : IResponseTranslator, IStreamEventSink
{
    private readonly ApiSchema _client;
    private readonly StreamTally _tally = new();
    private IBufferWriter<byte>? _output;

    protected PassthroughResponseTranslator(ApiSchema client)
    {
        _client = client;
    }

    public string StreamContentType => "text/event-stream";

    public Usage Usage => _tally.Usage;

    public StreamTally Tally => _tally;

    public FinishReason? FinishReason => _tally.FinishReason;

    public bool Completed => _tally.Completed;

    public GatewayError? StreamError => _tally.Error;

    /// <summary>The stream saw its end or an error: nothing more is forwarded.</summary>
    protected bool Ended => _tally.Ended;

    /// <summary>Counts answer bytes forwarded without a decoded event (see <see cref="StreamTally.CountStreamed"/>).</summary>
    protected void CountStreamed(int bytes) => _tally.CountStreamed(bytes);

    /// <summary>The output of the chunk being translated; only valid inside <see cref="Decode"/>.</summary>
    protected IBufferWriter<byte> Output => _output!;

    public GatewayError? TranslateBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        if (!TryReadSummary(body, out var usage, out var finishReason))
        {
            return ProviderErrorMapper.StreamFault("The provider returned a malformed response.");
        }

        _tally.Record(usage, finishReason);
        output.Write(body);
        return null;
    }

    public void TranslateStream(ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output)
    {
        _output = output;
        if (!_tally.Ended)
        {
            Decode(chunk, endOfStream);
            if (endOfStream && !_tally.Ended)
            {
                WriteStreamError(ProviderErrorMapper.StreamFault(ProviderErrorMapper.CutMessage), output);
            }
        }

        _output = null;
    }

    public GatewayError TranslateError(int status, string? amznErrorType, string? retryAfter, ReadOnlySpan<byte> body) =>
        ProviderErrorMapper.FromHttp(_client, status, amznErrorType, retryAfter, body);

    public void WriteStreamError(GatewayError error, IBufferWriter<byte> output)
    {
        if (_tally.Ended)
        {
            return;
        }

        _tally.Observe(new StreamEvent(StreamEventKind.Error) { Error = error });
        WriteErrorEvent(error, output);
    }

    public void OnEvent(in StreamEvent streamEvent)
    {
        if (streamEvent.Kind == StreamEventKind.Error)
        {
            WriteStreamError(streamEvent.Error!, _output!);
            return;
        }

        _tally.Observe(streamEvent);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Usage and finish reason of the provider's non-streaming body, the rest skipped; false when it is not JSON.</summary>
    protected abstract bool TryReadSummary(ReadOnlySpan<byte> body, out Usage usage, out FinishReason? finishReason);

    /// <summary>Decodes one provider chunk, forwarding whole events to <see cref="Output"/> and observing them via <see cref="OnEvent"/>.</summary>
    protected abstract void Decode(ReadOnlySpan<byte> chunk, bool endOfStream);

    /// <summary>The client schema's in-stream error event.</summary>
    protected abstract void WriteErrorEvent(GatewayError error, IBufferWriter<byte> output);

    protected abstract void Dispose(bool disposing);
}
