using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using AiGateway.Processor.Schemas.Anthropic;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// InvokeModelWithResponseStream (§8): event-stream frames whose <c>chunk</c> payload <c>{"bytes":"&lt;base64&gt;"}</c>
/// holds one Anthropic stream event. Each decoded event goes to <see cref="OnAnthropicEvent"/> (for passthrough to an
/// Anthropic client) and to the neutral parser.
/// </summary>
internal sealed class BedrockInvokeStreamDecoder : IProviderStreamDecoder, IAwsEventStreamHandler
{
    private readonly AwsEventStreamDecoder _frames = new();
    private readonly AnthropicStreamEventParser _parser;
    private readonly ApiSchema _client;
    private IStreamEventSink? _sink;

    public BedrockInvokeStreamDecoder(ApiSchema client)
    {
        _client = client;
        _parser = new AnthropicStreamEventParser(client);
    }

    /// <summary>Optional raw tap: receives each decoded Anthropic event JSON instead of the neutral parser (passthrough).</summary>
    public IAnthropicEventTap? Tap { get; init; }

    public void Decode(ReadOnlySpan<byte> chunk, IStreamEventSink sink)
    {
        _sink = sink;
        if (_frames.Decode(chunk, this) is { } fault)
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = fault });
        }
    }

    public void Complete(IStreamEventSink sink)
    {
    }

    public void OnMessage(in AwsEventStreamMessage message)
    {
        if (BedrockExceptions.FromFrame(message, _client) is { } error)
        {
            _sink!.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = error });
            return;
        }

        if (message.EventType != "chunk")
        {
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(16, message.Payload.Length));
        try
        {
            if (!TryDecodeChunk(message.Payload, rented, out var length))
            {
                _sink!.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.StreamFault("The provider sent a malformed stream chunk.") });
                return;
            }

            var json = rented.AsSpan(0, length);
            if (Tap is not null)
            {
                Tap.OnAnthropicEvent(json);
            }
            else
            {
                _parser.Parse(json, _sink!);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void Dispose()
    {
        _frames.Dispose();
        _parser.Dispose();
    }

    /// <summary>
    /// Payload <c>{"bytes":"&lt;base64&gt;"}</c> → the Anthropic event bytes, decoded straight from the JSON string's UTF-8
    /// (no intermediate string). Base64 text never needs JSON escapes; an escaped value takes the slow path.
    /// </summary>
    private static bool TryDecodeChunk(ReadOnlySpan<byte> payload, byte[] destination, out int length)
    {
        length = 0;
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isBytes = reader.ValueTextEquals("bytes"u8);
                reader.Read();
                if (!isBytes)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                if (reader.ValueIsEscaped)
                {
                    return Convert.TryFromBase64String(reader.GetString()!, destination, out length);
                }

                return Base64.DecodeFromUtf8(reader.ValueSpan, destination, out _, out length) == OperationStatus.Done;
            }
        }
        catch (JsonException)
        {
            // Reported by the caller as a malformed chunk.
        }

        return false;
    }
}
