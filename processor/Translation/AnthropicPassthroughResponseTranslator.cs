using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Schemas.Anthropic;
using AiGateway.Processor.Schemas.Bedrock;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Anthropic-format responses to an Anthropic client, from Anthropic (SSE) or Bedrock InvokeModel (event-stream frames
/// carrying base64 Anthropic events, §8). Bodies pass unchanged; each whole stream event is re-framed as
/// <c>event: &lt;type&gt;\ndata: &lt;json&gt;\n\n</c> with its JSON untouched. Errors (error events, exception frames,
/// framing faults, cuts) are rendered once as Anthropic <c>event: error</c>.
/// </summary>
internal sealed class AnthropicPassthroughResponseTranslator : IResponseTranslator, ISseEventHandler, IStreamEventSink, IAnthropicEventTap
{
    private readonly SseDecoder? _sse;
    private readonly BedrockInvokeStreamDecoder? _invoke;
    private readonly AnthropicStreamEventParser _parser = new(ApiSchema.Anthropic);
    private readonly StreamTally _tally = new();
    private IBufferWriter<byte>? _output;

    public AnthropicPassthroughResponseTranslator(ApiSchema provider)
    {
        if (provider == ApiSchema.BedrockInvoke)
        {
            _invoke = new BedrockInvokeStreamDecoder(ApiSchema.Anthropic) { Tap = this };
        }
        else
        {
            _sse = new SseDecoder();
        }
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
            var response = AnthropicResponseReader.Read(document.RootElement);
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
            if (_sse is not null)
            {
                _sse.Decode(chunk, this);
                if (endOfStream)
                {
                    _sse.Flush(this);
                }
            }
            else
            {
                _invoke!.Decode(chunk, this);
            }

            if (endOfStream && !_tally.Ended)
            {
                WriteStreamError(ProviderErrorMapper.StreamFault(ProviderErrorMapper.CutMessage), output);
            }
        }

        _output = null;
    }

    public GatewayError TranslateError(int status, string? amznErrorType, string? retryAfter, ReadOnlySpan<byte> body) =>
        ProviderErrorMapper.FromHttp(ApiSchema.Anthropic, status, amznErrorType, retryAfter, body);

    public void WriteStreamError(GatewayError error, IBufferWriter<byte> output)
    {
        if (_tally.Ended)
        {
            return;
        }

        _tally.Observe(new StreamEvent(StreamEventKind.Error) { Error = error });
        AnthropicStreamEncoder.WriteError(error, output);
    }

    public void OnSseEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data) => OnAnthropicEvent(data);

    /// <summary>One whole Anthropic event: forward it re-framed (errors excepted), then observe it.</summary>
    public void OnAnthropicEvent(ReadOnlySpan<byte> json)
    {
        if (_tally.Ended)
        {
            return;
        }

        var type = TypeOf(json);
        if (!type.IsEmpty && !type.SequenceEqual("error"u8))
        {
            var output = _output!;
            output.Write("event: "u8);
            output.Write(type);
            output.Write("\ndata: "u8);
            output.Write(json);
            output.Write("\n\n"u8);
        }

        // Content events pass untouched and carry no usage: only envelope events need a parse (the bulk of a stream
        // is content_block_delta, so passthrough parses almost nothing).
        if (!type.StartsWith("content_block_"u8) && !type.SequenceEqual("ping"u8))
        {
            _parser.Parse(json, this);
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
        _sse?.Dispose();
        _invoke?.Dispose();
    }

    /// <summary>
    /// The event's <c>type</c> as raw bytes of <paramref name="json"/>, read without building a document or a string: it
    /// is the SSE event name (§2.4). Empty when missing or escaped (then the event is not forwarded; the parser reports it).
    /// </summary>
    private static ReadOnlySpan<byte> TypeOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return [];
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
                        ? json.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length)
                        : [];
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed: the parser reports it.
        }

        return [];
    }
}
