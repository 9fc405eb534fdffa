using System.Buffers;
using AiGateway.Processor.Schemas.OpenAi;

namespace AiGateway.Processor.Translation;

/// <summary>
/// OpenAI-format responses to an OpenAI client: bodies pass unchanged; stream events are re-framed one by one
/// (<c>data: …\n\n</c>) with their JSON untouched, minus the usage chunk when the client did not ask for it (the gateway
/// asked for it, §1.4). Usage, finish reason and errors are observed through the neutral decoder.
/// </summary>
internal sealed class OpenAiPassthroughResponseTranslator : PassthroughResponseTranslator, ISseEventHandler
{
    private readonly bool _includeUsage;
    // Made on the first stream chunk: a non-streaming body needs neither.
    private SseDecoder? _sse;
    private OpenAiStreamDecoder? _observer;
    private bool _doneForwarded;

    public OpenAiPassthroughResponseTranslator(bool includeUsage)
        : base(ApiSchema.OpenAi)
    {
        _includeUsage = includeUsage;
    }

    public void OnSseEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        if (Ended)
        {
            return;
        }

        var isDone = data.SequenceEqual("[DONE]"u8);
        _doneForwarded |= isDone;
        _observer!.Observe(data, this);
        if (StreamError is not null)
        {
            // The observer turned an error chunk into a GatewayError; it is rendered once, by OnEvent.
            return;
        }

        var kind = _observer.LastChunk;
        var forward = isDone || kind == OpenAiChunkKind.Content || (_includeUsage && kind == OpenAiChunkKind.UsageOnly);
        if (forward)
        {
            var output = Output;
            output.Write("data: "u8);
            output.Write(data);
            output.Write("\n\n"u8);
        }
    }

    protected override bool TryReadSummary(ReadOnlySpan<byte> body, out Usage usage, out FinishReason? finishReason) =>
        OpenAiResponseSummaryReader.TryRead(body, out usage, out finishReason);

    protected override void Decode(ReadOnlySpan<byte> chunk, bool endOfStream)
    {
        _sse ??= new SseDecoder();
        _observer ??= new OpenAiStreamDecoder(ApiSchema.OpenAi);
        _sse.Decode(chunk, this);
        if (endOfStream)
        {
            _sse.Flush(this);
            _observer.Complete(this);
            if (Completed && !_doneForwarded)
            {
                // Finished but the provider omitted [DONE]: the client still gets its terminator.
                Output.Write("data: [DONE]\n\n"u8);
            }
        }
    }

    protected override void WriteErrorEvent(GatewayError error, IBufferWriter<byte> output) => OpenAiStreamEncoder.WriteError(error, output);

    protected override void Dispose(bool disposing)
    {
        _sse?.Dispose();
        _observer?.Dispose();
    }
}
