using System.Buffers;
using System.Text;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// Neutral <see cref="ChatRequest"/> → OpenAI Chat Completions body (§1.1). Tool results become one <c>tool</c> message
/// each (§7.2); tool arguments are written as the JSON string OpenAI expects (§7.10 item 9). Thinking blocks are not
/// sent: signatures are bound to the provider that made them (§2.6). Streams always ask for usage (§1.4).
/// </summary>
internal static class OpenAiRequestWriter
{
    public static void Write(ChatRequest request, TranslationTarget target, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("model"u8, target.ModelId);
        writer.WriteStartArray("messages"u8);
        if (request.System.Count > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, "system"u8);
            WriteTextContent(writer, request.System);
            writer.WriteEndObject();
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            if (message.Role == ChatRole.User)
            {
                WriteUser(writer, message, i);
            }
            else
            {
                WriteAssistant(writer, message);
            }
        }

        writer.WriteEndArray();
        JsonWriting.WriteOptional(writer, "max_completion_tokens"u8, request.MaxTokens);
        JsonWriting.WriteOptional(writer, "temperature"u8, request.Temperature);
        JsonWriting.WriteOptional(writer, "top_p"u8, request.TopP);
        JsonWriting.WriteOptional(writer, "n"u8, request.N);
        JsonWriting.WriteStrings(writer, "stop"u8, request.StopSequences);

        if (target.Stream)
        {
            writer.WriteBoolean("stream"u8, true);
            writer.WriteStartObject("stream_options"u8);
            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
        }

        WriteTools(writer, request);
        var effort = request.ReasoningEffort ?? request.OutputEffort;
        if (effort is null && request.Thinking is { Mode: ThinkingMode.Enabled, BudgetTokens: { } budget })
        {
            effort = ReasoningBudget.ToEffort(budget);
        }

        if (effort is not null)
        {
            writer.WriteString("reasoning_effort"u8, effort);
        }

        WriteFormat(writer, request.ResponseFormat);
        if (request.User is { } user)
        {
            writer.WriteString("user"u8, user);
        }

        writer.WriteEndObject();
    }

    private static void WriteTextContent(Utf8JsonWriter writer, IReadOnlyList<TextPart> parts)
    {
        if (parts.Count == 1)
        {
            parts[0].Write(writer, "content"u8);
            return;
        }

        writer.WriteStartArray("content"u8);
        foreach (var part in parts)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            part.Write(writer, "text"u8);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteUser(Utf8JsonWriter writer, ChatMessage message, int index)
    {
        var others = 0;
        for (var j = 0; j < message.Parts.Count; j++)
        {
            if (message.Parts[j] is ToolResultPart result)
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, "tool"u8);
                result.WriteToolCallId(writer, "tool_call_id"u8);
                if (!result.IsError && result.Content is [TextPart only])
                {
                    // One text part: its token goes through as is, without building the joined string.
                    only.Write(writer, "content"u8);
                }
                else
                {
                    writer.WriteString("content"u8, ToolResultText(result, RequestPath.Start().Push("messages", index).Push("content", j)));
                }
                writer.WriteEndObject();
            }
            else
            {
                others++;
            }
        }

        if (others == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        writer.WriteStartArray("content"u8);
        for (var j = 0; j < message.Parts.Count; j++)
        {
            if (message.Parts[j] is not ToolResultPart)
            {
                WriteUserPart(writer, message.Parts[j], RequestPath.Start().Push("messages", index).Push("content", j));
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>OpenAI tool messages carry text only, and no error flag: an error result gets an explicit prefix.</summary>
    private static string ToolResultText(ToolResultPart result, RequestPath path)
    {
        var text = new StringBuilder();
        if (result.IsError)
        {
            text.Append("Error: ");
        }

        foreach (var part in result.Content)
        {
            text.Append(part is TextPart t ? t.Text : throw new RequestFieldException(path.ToString(), $"'{path}': this provider accepts only text in tool results."));
        }

        return text.ToString();
    }

    private static void WriteUserPart(Utf8JsonWriter writer, ContentPart part, RequestPath path)
    {
        switch (part)
        {
            case TextPart text:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                text.Write(writer, "text"u8);
                writer.WriteEndObject();
                break;
            case ImagePart image:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image_url"u8);
                writer.WriteStartObject("image_url"u8);
                writer.WriteString("url"u8, image.Url ?? $"data:{image.MediaType};base64,{image.Data}");
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case DocumentPart { Text: { } documentText }:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, documentText);
                writer.WriteEndObject();
                break;
            case DocumentPart { Data: not null } document:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "file"u8);
                writer.WriteStartObject("file"u8);
                writer.WriteString("file_data"u8, $"data:{document.MediaType};base64,{document.Data}");
                writer.WriteString("filename"u8, document.Name ?? "document");
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case OpaquePart opaque when opaque.Origin == ApiSchema.OpenAi:
                writer.WriteRawValue(opaque.Json);
                break;
            case OpaquePart opaque:
                throw new RequestFieldException(opaque.Path, $"'{opaque.Path}' ({opaque.Type}) cannot be sent to this provider.");
            default:
                throw new RequestFieldException(path.ToString(), $"'{path}' cannot be sent to this provider.");
        }
    }

    private static void WriteAssistant(Utf8JsonWriter writer, ChatMessage message)
    {
        for (var j = 0; j < message.Parts.Count; j++)
        {
            if (message.Parts[j] is OpaquePart { Origin: not ApiSchema.OpenAi } opaque)
            {
                throw new RequestFieldException(opaque.Path, $"'{opaque.Path}' ({opaque.Type}) cannot be sent to this provider.");
            }
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        var calls = 0;
        var texts = 0;
        TextPart? lastText = null;
        foreach (var part in message.Parts)
        {
            if (part is TextPart t)
            {
                texts++;
                lastText = t;
            }
            else if (part is ToolCallPart)
            {
                calls++;
            }
        }

        if (texts == 1 && !lastText!.IsEmpty)
        {
            // The usual turn (one text, maybe tool calls): the token goes through without a joined string.
            lastText.Write(writer, "content"u8);
        }
        else if (texts > 1)
        {
            var text = new StringBuilder();
            foreach (var part in message.Parts)
            {
                if (part is TextPart t)
                {
                    text.Append(t.Text);
                }
            }

            if (text.Length > 0 || calls == 0)
            {
                writer.WriteString("content"u8, text.ToString());
            }
            else
            {
                writer.WriteNull("content"u8);
            }
        }
        else if (calls == 0)
        {
            writer.WriteString("content"u8, string.Empty);
        }
        else
        {
            writer.WriteNull("content"u8);
        }

        if (calls > 0)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var part in message.Parts)
            {
                if (part is ToolCallPart call)
                {
                    writer.WriteStartObject();
                    call.WriteId(writer, "id"u8);
                    writer.WriteString("type"u8, "function"u8);
                    writer.WriteStartObject("function"u8);
                    call.WriteName(writer, "name"u8);
                    call.WriteArgumentsString(writer, "arguments"u8);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, ChatRequest request)
    {
        if (request.Tools.Count > 0)
        {
            writer.WriteStartArray("tools"u8);
            for (var i = 0; i < request.Tools.Count; i++)
            {
                var tool = request.Tools[i];
                if (tool.RawJson is not null)
                {
                    if (tool.Origin != ApiSchema.OpenAi)
                    {
                        throw new RequestFieldException($"tools[{i}]", $"'tools[{i}]' is a provider-specific tool that this provider does not offer.");
                    }

                    writer.WriteRawValue(tool.RawJson);
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                tool.WriteName(writer, "name"u8);
                if (tool.HasDescription)
                {
                    tool.WriteDescription(writer, "description"u8);
                }

                if (tool.HasSchema)
                {
                    writer.WritePropertyName("parameters"u8);
                    tool.WriteSchema(writer, RequestLimits.EmptyObjectSchema);
                }

                if (tool.Strict is { } strict)
                {
                    writer.WriteBoolean("strict"u8, strict);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (request.ToolChoice is { } choice)
        {
            switch (choice.Kind)
            {
                case ToolChoiceKind.Auto:
                    writer.WriteString("tool_choice"u8, "auto"u8);
                    break;
                case ToolChoiceKind.None:
                    writer.WriteString("tool_choice"u8, "none"u8);
                    break;
                case ToolChoiceKind.Required:
                    writer.WriteString("tool_choice"u8, "required"u8);
                    break;
                case ToolChoiceKind.Specific:
                    writer.WriteStartObject("tool_choice"u8);
                    writer.WriteString("type"u8, "function"u8);
                    writer.WriteStartObject("function"u8);
                    writer.WriteString("name"u8, choice.Name);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
            }
        }

        if (request.ParallelToolCalls is { } parallel && request.Tools.Count > 0)
        {
            writer.WriteBoolean("parallel_tool_calls"u8, parallel);
        }
    }

    private static void WriteFormat(Utf8JsonWriter writer, ResponseFormat? format)
    {
        if (format is null)
        {
            return;
        }

        writer.WriteStartObject("response_format"u8);
        if (format.Kind != "json_schema")
        {
            writer.WriteString("type"u8, "json_object"u8);
            writer.WriteEndObject();
            return;
        }

        writer.WriteString("type"u8, "json_schema"u8);
        writer.WriteStartObject("json_schema"u8);
        writer.WriteString("name"u8, format.Name ?? "response");
        if (format.Description is not null)
        {
            writer.WriteString("description"u8, format.Description);
        }

        if (format.Schema is not null)
        {
            writer.WritePropertyName("schema"u8);
            writer.WriteRawValue(format.Schema);
        }

        if (format.Strict is { } strict)
        {
            writer.WriteBoolean("strict"u8, strict);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
