using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// OpenAI chat-completion chunks (§1.4) → neutral events (§7.8 "OpenAI chunks → Anthropic SSE"). Content, reasoning and
/// each tool call (keyed by its tool-call <c>index</c>, §7.10 item 10) become blocks numbered in arrival order; the
/// finish reason is held until the usage chunk or <c>[DONE]</c>.
/// </summary>
internal sealed class OpenAiStreamDecoder : IProviderStreamDecoder, ISseEventHandler
{
    private const int NoBlock = -1;

    private readonly SseDecoder _sse = new();
    private readonly ApiSchema _client;
    private readonly Dictionary<int, int> _toolBlocks = [];
    private readonly List<OpenAiToolCallDelta> _toolCalls = [];
    private readonly Utf8Scratch _scratch = new();
    private IStreamEventSink? _sink;
    private bool _started;
    private bool _finished;
    private int _nextBlock;
    private int _openBlock = NoBlock;
    private BlockKind _openKind;
    private FinishReason? _finish;
    private Usage _usage;

    public OpenAiStreamDecoder(ApiSchema client)
    {
        _client = client;
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
        if (_finish is not null && !_finished)
        {
            Finish(sink);
        }
    }

    /// <summary>What the last observed chunk was: passthrough forwards content, drops or keeps usage-only chunks.</summary>
    public OpenAiChunkKind LastChunk { get; private set; }

    /// <summary>Feeds one already-framed event's data (passthrough observes streams this way).</summary>
    public void Observe(ReadOnlySpan<byte> data, IStreamEventSink sink)
    {
        _sink = sink;
        LastChunk = OpenAiChunkKind.Other;
        OnSseEvent([], data);
    }

    public void OnSseEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        var sink = _sink!;
        if (_finished)
        {
            return;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            Finish(sink);
            return;
        }

        if (!OpenAiChunkReader.TryRead(data, _toolCalls, _scratch, readHeader: !_started, out var chunk))
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.StreamFault("The provider sent a malformed stream event.") });
            return;
        }

        Chunk(in chunk, sink);
    }

    public void Dispose()
    {
        _sse.Dispose();
        _scratch.Dispose();
    }

    private void Chunk(in OpenAiChunkFields chunk, IStreamEventSink sink)
    {
        if (chunk.HasError)
        {
            _finished = true;
            LastChunk = OpenAiChunkKind.Other;
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.FromStream(_client, chunk.ErrorType, chunk.ErrorMessage) });
            return;
        }

        LastChunk = chunk.ChoiceCount == 0 && chunk.HasUsage ? OpenAiChunkKind.UsageOnly : OpenAiChunkKind.Content;
        // Azure OpenAI opens its streams with a prompt_filter_results chunk (no choices, no usage, empty id and model;
        // not in provider-apis.md): the message starts with the first chunk that has choices or usage instead.
        if (!_started && (chunk.ChoiceCount > 0 || chunk.HasUsage))
        {
            _started = true;
            sink.OnEvent(new StreamEvent(StreamEventKind.MessageStart) { Id = string.IsNullOrEmpty(chunk.Id) ? null : chunk.Id, Name = string.IsNullOrEmpty(chunk.Model) ? null : chunk.Model });
        }

        if (chunk.HasUsage)
        {
            _usage = chunk.Usage;
            sink.OnEvent(new StreamEvent(StreamEventKind.Usage) { Usage = _usage });
        }

        if (!chunk.ReasoningContent.IsEmpty)
        {
            Switch(BlockKind.Thinking, sink);
            sink.OnEvent(new StreamEvent(StreamEventKind.ThinkingDelta) { Index = _openBlock, Utf8Text = chunk.ReasoningContent });
        }

        if (!chunk.Content.IsEmpty)
        {
            Switch(BlockKind.Text, sink);
            sink.OnEvent(new StreamEvent(StreamEventKind.TextDelta) { Index = _openBlock, Utf8Text = chunk.Content });
        }

        if (!chunk.Refusal.IsEmpty)
        {
            Switch(BlockKind.Text, sink);
            sink.OnEvent(new StreamEvent(StreamEventKind.TextDelta) { Index = _openBlock, Utf8Text = chunk.Refusal });
        }

        foreach (var call in _toolCalls)
        {
            ToolCall(call, sink);
        }

        if (chunk.FinishReason is { } finish)
        {
            Close(sink);
            _finish = OpenAiFinishReasons.Parse(finish);
        }
    }

    private void ToolCall(OpenAiToolCallDelta call, IStreamEventSink sink)
    {
        if (!_toolBlocks.TryGetValue(call.Index, out var block))
        {
            Close(sink);
            block = _nextBlock++;
            _toolBlocks[call.Index] = block;
            _openBlock = block;
            _openKind = BlockKind.ToolCall;
            sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = block, Block = BlockKind.ToolCall, Id = call.Id, Name = call.Name });
        }

        if (!call.Arguments.IsEmpty)
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.ToolArgumentsDelta) { Index = block, Utf8Text = call.Arguments });
        }
    }

    private void Switch(BlockKind kind, IStreamEventSink sink)
    {
        if (_openBlock != NoBlock && _openKind == kind)
        {
            return;
        }

        Close(sink);
        _openBlock = _nextBlock++;
        _openKind = kind;
        sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = _openBlock, Block = kind });
    }

    private void Close(IStreamEventSink sink)
    {
        if (_openBlock == NoBlock)
        {
            return;
        }

        sink.OnEvent(new StreamEvent(StreamEventKind.BlockStop) { Index = _openBlock });
        _openBlock = NoBlock;
    }

    private void Finish(IStreamEventSink sink)
    {
        if (_finish is null)
        {
            // [DONE] without a finish reason: the stream was not complete.
            return;
        }

        _finished = true;
        Close(sink);
        sink.OnEvent(new StreamEvent(StreamEventKind.MessageDelta) { FinishReason = _finish, Usage = _usage });
        sink.OnEvent(new StreamEvent(StreamEventKind.MessageStop));
    }
}
