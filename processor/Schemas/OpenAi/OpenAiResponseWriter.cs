using System.Buffers;
using System.Text;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// Neutral <see cref="ChatResponse"/> → OpenAI chat completion (§1.3). Reasoning goes to the non-standard but common
/// <c>message.reasoning_content</c> (text) and <c>message.thinking_blocks</c> (text + signature, redacted data) fields
/// (§7.7, LiteLLM convention), so a client can send the blocks back and keep a Claude thinking + tools loop working.
/// </summary>
internal static class OpenAiResponseWriter
{
    public static void Write(ChatResponse response, ResponseContext context, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("id"u8, OpenAiIds.Completion(response.Id ?? context.ResponseId));
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, context.CreatedUnixSeconds);
        writer.WriteString("model"u8, context.PublicModel);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        var text = new TextJoin();
        var reasoning = new TextJoin();
        var calls = 0;
        var thinkingBlocks = 0;
        foreach (var part in response.Parts)
        {
            switch (part)
            {
                case TextPart t:
                    text.Append(t.Text);
                    break;
                case ThinkingPart thinking:
                    reasoning.Append(thinking.Text);
                    thinkingBlocks++;
                    break;
                case RedactedThinkingPart:
                    thinkingBlocks++;
                    break;
                case ToolCallPart:
                    calls++;
                    break;
            }
        }

        if (!text.IsEmpty || calls == 0)
        {
            writer.WriteString("content"u8, text.ToString());
        }
        else
        {
            writer.WriteNull("content"u8);
        }

        writer.WriteNull("refusal"u8);
        if (!reasoning.IsEmpty)
        {
            writer.WriteString("reasoning_content"u8, reasoning.ToString());
        }

        if (thinkingBlocks > 0)
        {
            WriteThinkingBlocks(writer, response.Parts);
        }

        if (calls > 0)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var part in response.Parts)
            {
                if (part is ToolCallPart call)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id"u8, call.Id);
                    writer.WriteString("type"u8, "function"u8);
                    writer.WriteStartObject("function"u8);
                    writer.WriteString("name"u8, call.Name);
                    writer.WriteString("arguments"u8, call.Arguments);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        writer.WriteString("finish_reason"u8, OpenAiFinishReasons.ToWire(response.FinishReason ?? FinishReason.EndTurn));
        writer.WriteEndObject();
        writer.WriteEndArray();
        OpenAiUsage.Write(writer, response.Usage);
        writer.WriteEndObject();
    }

    private static void WriteThinkingBlocks(Utf8JsonWriter writer, IReadOnlyList<ContentPart> parts)
    {
        writer.WriteStartArray("thinking_blocks"u8);
        foreach (var part in parts)
        {
            if (part is ThinkingPart thinking)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "thinking"u8);
                writer.WriteString("thinking"u8, thinking.Text);
                if (thinking.Signature is not null)
                {
                    writer.WriteString("signature"u8, thinking.Signature);
                }

                writer.WriteEndObject();
            }
            else if (part is RedactedThinkingPart redacted)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "redacted_thinking"u8);
                writer.WriteString("data"u8, redacted.Data);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// The answer's text parts joined: the usual single part is written as it is, without copying the whole answer
    /// into a builder and out again.
    /// </summary>
    private struct TextJoin
    {
        private string? _single;
        private StringBuilder? _joined;

        public readonly bool IsEmpty => (_joined?.Length ?? _single?.Length ?? 0) == 0;

        public void Append(string value)
        {
            if (_joined is not null)
            {
                _joined.Append(value);
            }
            else if (_single is null)
            {
                _single = value;
            }
            else
            {
                _joined = new StringBuilder(_single).Append(value);
            }
        }

        public override readonly string ToString() => _joined?.ToString() ?? _single ?? "";
    }
}
