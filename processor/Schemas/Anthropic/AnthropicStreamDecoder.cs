using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>Anthropic SSE response stream (§2.4) → neutral events.</summary>
internal sealed class AnthropicStreamDecoder : IProviderStreamDecoder, ISseEventHandler
{
    private readonly SseDecoder _sse = new();
    private readonly AnthropicStreamEventParser _parser;
    private IStreamEventSink? _sink;

    public AnthropicStreamDecoder(ApiSchema client)
    {
        _parser = new AnthropicStreamEventParser(client);
    }

    public void Decode(ReadOnlySpan<byte> chunk, IStreamEventSink sink)
    {
        _sink = sink;
        _sse.Decode(chunk, this);
    }

    public void Complete(IStreamEventSink sink)
    {
        _sink = sink;
        _sse.Flush(this);
    }

    public void OnSseEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data) => _parser.Parse(data, _sink!);

    public void Dispose()
    {
        _sse.Dispose();
        _parser.Dispose();
    }
}
