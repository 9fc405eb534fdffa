using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>Neutral <see cref="ChatResponse"/> → Anthropic Messages response (§2.3).</summary>
internal static class AnthropicResponseWriter
{
    public static void Write(ChatResponse response, ResponseContext context, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("id"u8, AnthropicIds.Message(response.Id ?? context.ResponseId));
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteString("model"u8, context.PublicModel);
        writer.WriteStartArray("content"u8);
        foreach (var part in response.Parts)
        {
            if (part is ThinkingPart { Signature: null } thinking)
            {
                // Unsigned reasoning (an OpenAI-compatible provider's reasoning_content) still informs the client;
                // an empty signature marks it as not replayable.
                AnthropicRequestWriter.WritePart(writer, thinking with { Signature = string.Empty }, RequestPath.Start().Push("content"), ApiSchema.Anthropic);
                continue;
            }

            AnthropicRequestWriter.WritePart(writer, part, RequestPath.Start().Push("content"), ApiSchema.Anthropic);
        }

        writer.WriteEndArray();
        if (response.FinishReason is { } reason)
        {
            writer.WriteString("stop_reason"u8, AnthropicStopReasons.ToWire(reason));
        }
        else
        {
            writer.WriteNull("stop_reason"u8);
        }

        if (response.StopSequence is not null)
        {
            writer.WriteString("stop_sequence"u8, response.StopSequence);
        }
        else
        {
            writer.WriteNull("stop_sequence"u8);
        }

        AnthropicUsage.Write(writer, response.Usage);
        writer.WriteEndObject();
    }
}
