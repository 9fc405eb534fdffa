using System.Buffers;
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

        var reader = new Utf8JsonReader(message.Payload);
        string? base64 = null;
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            base64 = JsonValues.String(document.RootElement, "bytes");
        }
        catch (JsonException)
        {
            // Reported below as a malformed frame.
        }

        if (base64 is null)
        {
            _sink!.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.StreamFault("The provider sent a malformed stream chunk.") });
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(base64.Length);
        try
        {
            if (!Convert.TryFromBase64String(base64, rented, out var length))
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

    public void Dispose() => _frames.Dispose();
}
