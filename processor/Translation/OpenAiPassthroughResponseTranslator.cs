using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Schemas.OpenAi;

namespace AiGateway.Processor.Translation;

/// <summary>
/// OpenAI-format responses to an OpenAI client: bodies pass unchanged; stream events are re-framed one by one
/// (<c>data: …\n\n</c>) with their JSON untouched, minus the usage chunk when the client did not ask for it (the gateway
/// asked for it, §1.4). Usage, finish reason and errors are observed through the neutral decoder.
/// </summary>
internal sealed class OpenAiPassthroughResponseTranslator : IResponseTranslator, ISseEventHandler, IStreamEventSink
{
    private readonly bool _includeUsage;
    private readonly SseDecoder _sse = new();
    private readonly OpenAiStreamDecoder _observer = new(ApiSchema.OpenAi);
    private readonly StreamTally _tally = new();
    private IBufferWriter<byte>? _output;
    private bool _doneForwarded;

    public OpenAiPassthroughResponseTranslator(bool includeUsage)
    {
        _includeUsage = includeUsage;
    }

    public string StreamContentType => "text/event-stream";

    public Usage Usage => _tally.Usage;

    public FinishReason? FinishReason => _tally.FinishReason;

    public bool Completed => _tally.Completed;

    public GatewayError? StreamError => _tally.Error;

    public GatewayError? TranslateBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var response = OpenAiResponseReader.Read(document.RootElement);
            _tally.Record(response.Usage, response.FinishReason);
        }
        catch (JsonException)
        {
            return ProviderErrorMapper.StreamFault("The provider returned a malformed response.");
        }

        output.Write(body);
        return null;
    }

    public void TranslateStream(ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output)
    {
        _output = output;
        if (!_tally.Ended)
        {
            _sse.Decode(chunk, this);
            if (endOfStream)
            {
                _sse.Flush(this);
                _observer.Complete(this);
                if (_tally.Completed && !_doneForwarded)
                {
                    // Finished but the provider omitted [DONE]: the client still gets its terminator.
                    output.Write("data: [DONE]\n\n"u8);
                }

                if (!_tally.Ended)
                {
                    WriteStreamError(ProviderErrorMapper.StreamFault(ProviderErrorMapper.CutMessage), output);
                }
            }
        }

        _output = null;
    }

    public GatewayError TranslateError(int status, string? amznErrorType, string? retryAfter, ReadOnlySpan<byte> body) =>
        ProviderErrorMapper.FromHttp(ApiSchema.OpenAi, status, amznErrorType, retryAfter, body);

    public void WriteStreamError(GatewayError error, IBufferWriter<byte> output)
    {
        if (_tally.Ended)
        {
            return;
        }

        _tally.Observe(new StreamEvent(StreamEventKind.Error) { Error = error });
        OpenAiStreamEncoder.WriteError(error, output);
    }

    public void OnSseEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        if (_tally.Ended)
        {
            return;
        }

        var isDone = data.SequenceEqual("[DONE]"u8);
        _doneForwarded |= isDone;
        _observer.Observe(data, this);
        if (_tally.Error is not null)
        {
            // The observer turned an error chunk into a GatewayError; it is rendered once, by OnEvent.
            return;
        }

        var kind = _observer.LastChunk;
        var forward = isDone || kind == OpenAiChunkKind.Content || (_includeUsage && kind == OpenAiChunkKind.UsageOnly);
        if (forward)
        {
            var output = _output!;
            output.Write("data: "u8);
            output.Write(data);
            output.Write("\n\n"u8);
        }
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
        _sse.Dispose();
        _observer.Dispose();
    }
}
