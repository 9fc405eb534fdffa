using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>
/// One Anthropic stream event's JSON (§2.4) → neutral events. Shared by the SSE decoder and the Bedrock InvokeModel
/// stream decoder (whose frames carry the same JSON, §8). Blocks of kinds the neutral model does not know (server tools)
/// are skipped together with their deltas.
/// </summary>
internal sealed class AnthropicStreamEventParser
{
    private readonly ApiSchema _client;
    private ulong _skippedBlocks;

    public AnthropicStreamEventParser(ApiSchema client)
    {
        _client = client;
    }

    public void Parse(ReadOnlySpan<byte> json, IStreamEventSink sink)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.StreamFault("The provider sent a malformed stream event.") });
            return;
        }

        using (document)
        {
            Parse(document.RootElement, sink);
        }
    }

    private void Parse(JsonElement root, IStreamEventSink sink)
    {
        var index = JsonValues.Int(root, "index") ?? 0;
        switch (JsonValues.String(root, "type"))
        {
            case "message_start":
                var message = JsonValues.Object(root, "message");
                sink.OnEvent(new StreamEvent(StreamEventKind.MessageStart)
                {
                    Id = JsonValues.String(message, "id"),
                    Name = JsonValues.String(message, "model"),
                    Usage = AnthropicUsage.Read(JsonValues.Object(message, "usage")),
                });
                break;
            case "content_block_start":
                StartBlock(index, JsonValues.Object(root, "content_block"), sink);
                break;
            case "content_block_delta" when !IsSkipped(index):
                Delta(index, JsonValues.Object(root, "delta"), sink);
                break;
            case "content_block_stop" when !IsSkipped(index):
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStop) { Index = index });
                break;
            case "message_delta":
                var delta = JsonValues.Object(root, "delta");
                sink.OnEvent(new StreamEvent(StreamEventKind.MessageDelta)
                {
                    FinishReason = AnthropicStopReasons.Parse(JsonValues.String(delta, "stop_reason")),
                    StopSequence = JsonValues.String(delta, "stop_sequence"),
                    Usage = AnthropicUsage.Read(JsonValues.Object(root, "usage")),
                });
                break;
            case "message_stop":
                sink.OnEvent(new StreamEvent(StreamEventKind.MessageStop));
                break;
            case "ping":
                sink.OnEvent(new StreamEvent(StreamEventKind.Ping));
                break;
            case "error":
                var error = JsonValues.Object(root, "error");
                sink.OnEvent(new StreamEvent(StreamEventKind.Error)
                {
                    Error = ProviderErrorMapper.FromStream(_client, JsonValues.String(error, "type"), JsonValues.String(error, "message")),
                });
                break;
            default:
                break;
        }
    }

    private void StartBlock(int index, JsonElement block, IStreamEventSink sink)
    {
        switch (JsonValues.String(block, "type"))
        {
            case "text":
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = index, Block = BlockKind.Text });
                if (JsonValues.String(block, "text") is { Length: > 0 } text)
                {
                    sink.OnEvent(new StreamEvent(StreamEventKind.TextDelta) { Index = index, Text = text });
                }

                break;
            case "thinking":
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = index, Block = BlockKind.Thinking });
                if (JsonValues.String(block, "thinking") is { Length: > 0 } thinking)
                {
                    sink.OnEvent(new StreamEvent(StreamEventKind.ThinkingDelta) { Index = index, Text = thinking });
                }

                if (JsonValues.String(block, "signature") is { Length: > 0 } signature)
                {
                    sink.OnEvent(new StreamEvent(StreamEventKind.SignatureDelta) { Index = index, Text = signature });
                }

                break;
            case "redacted_thinking":
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = index, Block = BlockKind.RedactedThinking, Text = JsonValues.String(block, "data") });
                break;
            case "tool_use":
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart)
                {
                    Index = index,
                    Block = BlockKind.ToolCall,
                    Id = JsonValues.String(block, "id"),
                    Name = JsonValues.String(block, "name"),
                });
                break;
            default:
                if (index < 64)
                {
                    _skippedBlocks |= 1UL << index;
                }

                break;
        }
    }

    private static void Delta(int index, JsonElement delta, IStreamEventSink sink)
    {
        switch (JsonValues.String(delta, "type"))
        {
            case "text_delta":
                sink.OnEvent(new StreamEvent(StreamEventKind.TextDelta) { Index = index, Text = JsonValues.String(delta, "text") });
                break;
            case "input_json_delta":
                sink.OnEvent(new StreamEvent(StreamEventKind.ToolArgumentsDelta) { Index = index, Text = JsonValues.String(delta, "partial_json") });
                break;
            case "thinking_delta":
                sink.OnEvent(new StreamEvent(StreamEventKind.ThinkingDelta) { Index = index, Text = JsonValues.String(delta, "thinking") });
                break;
            case "signature_delta":
                sink.OnEvent(new StreamEvent(StreamEventKind.SignatureDelta) { Index = index, Text = JsonValues.String(delta, "signature") });
                break;
            default:
                break;
        }
    }

    private bool IsSkipped(int index) => index < 64 && (_skippedBlocks & (1UL << index)) != 0;
}
