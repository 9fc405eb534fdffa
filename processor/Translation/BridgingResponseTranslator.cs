using System.Buffers;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>Per-response state of a bridged exchange: provider stream decoder → neutral events → client stream encoder.</summary>
internal sealed class BridgingResponseTranslator : IResponseTranslator, IStreamEventSink
{
    private readonly ApiSchema _client;
    private readonly ApiSchema _provider;
    private readonly ResponseContext _context;
    private readonly IProviderStreamDecoder _decoder;
    private readonly IClientStreamEncoder _encoder;
    private readonly StreamTally _tally = new();
    private IBufferWriter<byte>? _output;

    public BridgingResponseTranslator(ApiSchema client, ApiSchema provider, ResponseContext context, bool includeUsage)
    {
        _client = client;
        _provider = provider;
        _context = context;
        _decoder = SchemaCodecs.CreateDecoder(provider, client);
        _encoder = SchemaCodecs.CreateEncoder(client, context, includeUsage);
    }

    public string StreamContentType => "text/event-stream";

    public Usage Usage => _tally.Usage;

    public StreamTally Tally => _tally;

    public FinishReason? FinishReason => _tally.FinishReason;

    public bool Completed => _tally.Completed;

    public GatewayError? StreamError => _tally.Error;

    public GatewayError? TranslateBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        ChatResponse? response;
        try
        {
            response = SchemaCodecs.ReadResponse(_provider, body);
        }
        catch (JsonException)
        {
            response = null;
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8.
            response = null;
        }

        if (response is null)
        {
            return ProviderErrorMapper.StreamFault("The provider returned a malformed response.");
        }

        using var scratch = new PooledBufferWriter(body.Length + 256);
        try
        {
            SchemaCodecs.WriteResponse(_client, response, _context, scratch);
        }
        catch (RequestFieldException)
        {
            return ProviderErrorMapper.StreamFault("The provider returned tool arguments that are not a JSON object.");
        }

        // One sized request: the exchange's response buffer starts at 1 KB, and a plain Write of a larger answer
        // copied part of it, grew the buffer and copied again.
        scratch.WrittenSpan.CopyTo(output.GetSpan(scratch.Count));
        output.Advance(scratch.Count);
        _tally.Record(response.Usage, response.FinishReason);
        return null;
    }

    public void TranslateStream(ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output)
    {
        _output = output;
        if (!_tally.Ended && !chunk.IsEmpty)
        {
            _decoder.Decode(chunk, this);
        }

        if (endOfStream && !_tally.Ended)
        {
            _decoder.Complete(this);
            if (!_tally.Ended)
            {
                OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.StreamFault(ProviderErrorMapper.CutMessage) });
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
        SchemaCodecs.WriteStreamError(_client, error, output);
    }

    public void OnEvent(in StreamEvent streamEvent)
    {
        if (_tally.Ended)
        {
            return;
        }

        _tally.Observe(streamEvent);
        _encoder.Write(streamEvent, _output!);
    }

    public void Dispose()
    {
        _decoder.Dispose();
        (_encoder as IDisposable)?.Dispose();
    }
}
