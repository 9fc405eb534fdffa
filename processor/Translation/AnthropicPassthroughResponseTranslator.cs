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
internal sealed class AnthropicPassthroughResponseTranslator : PassthroughResponseTranslator, ISseEventHandler, IAnthropicEventTap
{
    /// <summary>Length of <c>{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""}}</c>.</summary>
    private const int TextDeltaEnvelopeBytes = 80;

    private readonly bool _invokeFraming;

    // Made on the first stream chunk or event: a non-streaming body needs none of them.
    private SseDecoder? _sse;
    private BedrockInvokeStreamDecoder? _invoke;
    private AnthropicStreamEventParser? _parser;

    public AnthropicPassthroughResponseTranslator(ApiSchema provider)
        : base(ApiSchema.Anthropic)
    {
        _invokeFraming = provider == ApiSchema.BedrockInvoke;
    }

    public void OnSseEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data) => OnAnthropicEvent(data);

    /// <summary>One whole Anthropic event: forward it re-framed (errors excepted), then observe it.</summary>
    public void OnAnthropicEvent(ReadOnlySpan<byte> json)
    {
        if (Ended)
        {
            return;
        }

        var type = TypeOf(json);
        if (!type.IsEmpty && !type.SequenceEqual("error"u8))
        {
            var output = Output;
            output.Write("event: "u8);
            output.Write(type);
            output.Write("\ndata: "u8);
            output.Write(json);
            output.Write("\n\n"u8);
        }

        // Content events pass untouched and carry no usage: only envelope events need a parse (the bulk of a stream
        // is content_block_delta, so passthrough parses almost nothing). A delta's size is counted instead, for the
        // usage estimate of a stream cut before message_delta (adr/019).
        if (type.SequenceEqual("content_block_delta"u8))
        {
            CountDelta(json);
        }
        else if (!type.StartsWith("content_block_"u8) && !type.SequenceEqual("ping"u8))
        {
            (_parser ??= new AnthropicStreamEventParser(ApiSchema.Anthropic)).Parse(json, this);
        }
    }

    protected override bool TryReadSummary(ReadOnlySpan<byte> body, out Usage usage, out FinishReason? finishReason) =>
        AnthropicResponseSummaryReader.TryRead(body, out usage, out finishReason);

    protected override void Decode(ReadOnlySpan<byte> chunk, bool endOfStream)
    {
        if (_invokeFraming)
        {
            (_invoke ??= new BedrockInvokeStreamDecoder(ApiSchema.Anthropic) { Tap = this }).Decode(chunk, this);
        }
        else
        {
            _sse ??= new SseDecoder();
            _sse.Decode(chunk, this);
            if (endOfStream)
            {
                _sse.Flush(this);
            }
        }
    }

    protected override void WriteErrorEvent(GatewayError error, IBufferWriter<byte> output) => AnthropicStreamEncoder.WriteError(error, output);

    protected override void Dispose(bool disposing)
    {
        _sse?.Dispose();
        _invoke?.Dispose();
        _parser?.Dispose();
    }

    /// <summary>
    /// The answer bytes of a <c>content_block_delta</c> without parsing it: the event's length less the smallest
    /// envelope (a text delta at index 0, provider-apis.md §2.4), so escapes and longer envelopes err high by a few
    /// bytes. Signature deltas are opaque, not answer text, and are not counted.
    /// </summary>
    private void CountDelta(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\"signature_delta\""u8) < 0)
        {
            CountStreamed(Math.Max(0, json.Length - TextDeltaEnvelopeBytes));
        }
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
