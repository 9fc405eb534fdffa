using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// Neutral <see cref="ChatRequest"/> → Bedrock ConverseRequest body (§3.2). Applies Bedrock's rules (§7.2, §7.10):
/// consecutive same-role turns merged (4), blank text dropped (21), <c>cache_control</c> → a <c>cachePoint</c> block
/// right after the block it marks, <c>toolConfig</c> kept whenever history holds tool blocks (7), <c>toolChoice</c>
/// camelCase (8), JSON schema as a string (15), https images rejected (14).
/// </summary>
internal static class BedrockConverseRequestWriter
{
    private const string DummyToolName = "aigw_unused_tool";

    public static void Write(ChatRequest request, TranslationTarget target, IBufferWriter<byte> output)
    {
        RequestLimits.RejectManyChoices(request);
        RequestLimits.RejectHighTemperature(request);
        request = DerivedThinking.Apply(request, request.MaxTokens ?? int.MaxValue);
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        var historyHasTools = WriteMessages(writer, request);
        if (request.System.Count > 0)
        {
            writer.WriteStartArray("system"u8);
            foreach (var part in request.System)
            {
                if (part.IsBlank())
                {
                    continue;
                }

                writer.WriteStartObject();
                part.Write(writer, "text"u8);
                writer.WriteEndObject();
                WriteCachePoint(writer, part.Cache);
            }

            writer.WriteEndArray();
        }

        WriteInferenceConfig(writer, request);
        WriteToolConfig(writer, request, historyHasTools);
        WriteAdditionalFields(writer, request, BedrockBetas.Filter(target.AnthropicBetas, target.AllowedAnthropicBetas));
        WriteOutputConfig(writer, request);
        writer.WriteEndObject();
    }

    private static bool WriteMessages(Utf8JsonWriter writer, ChatRequest request)
    {
        var hasTools = false;
        writer.WriteStartArray("messages"u8);
        var path = RequestPath.Start();
        var i = 0;
        while (i < request.Messages.Count)
        {
            var role = request.Messages[i].Role;
            var last = i;
            while (last + 1 < request.Messages.Count && request.Messages[last + 1].Role == role)
            {
                last++;
            }

            writer.WriteStartObject();
            writer.WriteString("role"u8, role == ChatRole.User ? "user"u8 : "assistant"u8);
            writer.WriteStartArray("content"u8);
            for (var m = i; m <= last; m++)
            {
                var parts = request.Messages[m].Parts;
                for (var j = 0; j < parts.Count; j++)
                {
                    hasTools |= parts[j] is ToolCallPart or ToolResultPart;
                    WritePart(writer, parts[j], path.Push("messages", m).Push("content", j));
                    path.Pop();
                    path.Pop();
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            i = last + 1;
        }

        writer.WriteEndArray();
        return hasTools;
    }

    /// <param name="path">Where the part is, named by an error (made into text only then).</param>
    private static void WritePart(Utf8JsonWriter writer, ContentPart part, RequestPath path)
    {
        if (WriteBlock(writer, part, path))
        {
            WriteCachePoint(writer, part.Cache);
        }
    }

    /// <summary>The part's block without its cache point; false when the part has no Converse form and was left out.</summary>
    private static bool WriteBlock(Utf8JsonWriter writer, ContentPart part, RequestPath path)
    {
        switch (part)
        {
            case TextPart text:
                if (text.IsBlank())
                {
                    return false;
                }

                writer.WriteStartObject();
                text.Write(writer, "text"u8);
                writer.WriteEndObject();
                break;
            case ImagePart image:
                WriteImage(writer, image, path);
                break;
            case DocumentPart document:
                WriteDocument(writer, document, path);
                break;
            case ToolCallPart call:
                writer.WriteStartObject();
                writer.WriteStartObject("toolUse"u8);
                ToolIds.WriteForBedrock(writer, "toolUseId"u8, call);
                call.WriteName(writer, "name"u8);
                writer.WritePropertyName("input"u8);
                ToolArguments.WriteObject(writer, call, path, "function.arguments");
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case ToolResultPart result:
                writer.WriteStartObject();
                writer.WriteStartObject("toolResult"u8);
                ToolIds.WriteForBedrock(writer, "toolUseId"u8, result);
                writer.WriteStartArray("content"u8);
                for (var k = 0; k < result.Content.Count; k++)
                {
                    // A tool result's content blocks take no cache point: a mark there is dropped.
                    WriteBlock(writer, result.Content[k], path.Push("content", k));
                    path.Pop();
                }

                writer.WriteEndArray();
                if (result.IsError)
                {
                    writer.WriteString("status"u8, "error"u8);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case ThinkingPart thinking:
                if (thinking.Signature is null)
                {
                    return false;
                }

                writer.WriteStartObject();
                writer.WriteStartObject("reasoningContent"u8);
                writer.WriteStartObject("reasoningText"u8);
                writer.WriteString("text"u8, thinking.Text);
                writer.WriteString("signature"u8, thinking.Signature);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case RedactedThinkingPart redacted:
                // Anthropic's opaque redacted data is itself base64 text; Bedrock's blob travels as that same text.
                writer.WriteStartObject();
                writer.WriteStartObject("reasoningContent"u8);
                writer.WriteString("redactedContent"u8, redacted.Data);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case OpaquePart opaque:
                throw new RequestFieldException(opaque.Path, $"'{opaque.Path}' ({opaque.Type}) cannot be sent to this provider.");
            default:
                throw new RequestFieldException(path.ToString(), $"'{path}' cannot be sent to this provider.");
        }

        return true;
    }

    private static void WriteImage(Utf8JsonWriter writer, ImagePart image, RequestPath path)
    {
        if (image.Url is not null)
        {
            throw new RequestFieldException(path.ToString(), $"'{path}': this provider accepts images only as base64 data, not URLs.");
        }

        var format = image.MediaType switch
        {
            "image/png" => "png",
            "image/jpeg" or "image/jpg" => "jpeg",
            "image/gif" => "gif",
            "image/webp" => "webp",
            _ => throw new RequestFieldException(path.ToString(), $"'{path}': image type '{image.MediaType}' is not supported; use png, jpeg, gif or webp."),
        };
        writer.WriteStartObject();
        writer.WriteStartObject("image"u8);
        writer.WriteString("format"u8, format);
        writer.WriteStartObject("source"u8);
        writer.WriteString("bytes"u8, image.Data);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteDocument(Utf8JsonWriter writer, DocumentPart document, RequestPath path)
    {
        if (document.Url is not null)
        {
            throw new RequestFieldException(path.ToString(), $"'{path}': this provider accepts documents only as inline data, not URLs.");
        }

        var format = document.Text is not null ? "txt" : document.MediaType switch
        {
            "application/pdf" => "pdf",
            "text/plain" => "txt",
            "text/csv" => "csv",
            "text/html" => "html",
            "text/markdown" => "md",
            "application/msword" => "doc",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
            "application/vnd.ms-excel" => "xls",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
            _ => throw new RequestFieldException(path.ToString(), $"'{path}': document type '{document.MediaType}' is not supported by this provider."),
        };
        writer.WriteStartObject();
        writer.WriteStartObject("document"u8);
        writer.WriteString("format"u8, format);
        writer.WriteString("name"u8, DocumentName(document.Name));
        writer.WriteStartObject("source"u8);
        if (document.Text is not null)
        {
            writer.WriteString("text"u8, document.Text);
        }
        else
        {
            writer.WriteString("bytes"u8, document.Data);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Bedrock document names allow letters, digits, whitespace, hyphens, parentheses and brackets only.</summary>
    private static string DocumentName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "document";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is ' ' or '-' or '(' or ')' or '[' or ']'))
            {
                chars[i] = '-';
            }
        }

        return new string(chars);
    }

    private static void WriteCachePoint(Utf8JsonWriter writer, CacheControl? cache)
    {
        if (cache is null)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteStartObject("cachePoint"u8);
        writer.WriteString("type"u8, "default"u8);
        if (cache.Ttl is not null)
        {
            writer.WriteString("ttl"u8, cache.Ttl);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteInferenceConfig(Utf8JsonWriter writer, ChatRequest request)
    {
        if (request.MaxTokens is null && request.Temperature is null && request.TopP is null && request.StopSequences.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("inferenceConfig"u8);
        JsonWriting.WriteOptional(writer, "maxTokens"u8, request.MaxTokens);
        JsonWriting.WriteOptional(writer, "temperature"u8, request.Temperature);
        JsonWriting.WriteOptional(writer, "topP"u8, request.TopP);
        JsonWriting.WriteStrings(writer, "stopSequences"u8, request.StopSequences);

        writer.WriteEndObject();
    }

    private static void WriteToolConfig(Utf8JsonWriter writer, ChatRequest request, bool historyHasTools)
    {
        var choice = request.ToolChoice;
        var offerTools = request.Tools.Count > 0 && choice?.Kind != ToolChoiceKind.None;
        if (!offerTools && !historyHasTools)
        {
            return;
        }

        writer.WriteStartObject("toolConfig"u8);
        writer.WriteStartArray("tools"u8);
        if (request.Tools.Count == 0)
        {
            // Bedrock rejects toolUse/toolResult history without toolConfig (§7.10 item 7); offer a tool that does nothing.
            writer.WriteStartObject();
            writer.WriteStartObject("toolSpec"u8);
            writer.WriteString("name"u8, DummyToolName);
            writer.WriteString("description"u8, "Do not call this tool.");
            writer.WriteStartObject("inputSchema"u8);
            writer.WritePropertyName("json"u8);
            writer.WriteRawValue("""{"type":"object"}""");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        for (var i = 0; i < request.Tools.Count; i++)
        {
            var tool = request.Tools[i];
            if (tool.RawJson is not null)
            {
                throw new RequestFieldException($"tools[{i}]", $"'tools[{i}]' is a provider-specific tool that this provider does not offer.");
            }

            writer.WriteStartObject();
            writer.WriteStartObject("toolSpec"u8);
            tool.WriteName(writer, "name"u8);
            if (tool.HasNonEmptyDescription)
            {
                tool.WriteDescription(writer, "description"u8);
            }

            writer.WriteStartObject("inputSchema"u8);
            writer.WritePropertyName("json"u8);
            tool.WriteSchema(writer, RequestLimits.EmptyObjectSchema);
            writer.WriteEndObject();
            if (tool.Strict is { } strict)
            {
                writer.WriteBoolean("strict"u8, strict);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            WriteCachePoint(writer, tool.Cache);
        }

        writer.WriteEndArray();
        if (offerTools && choice is not null)
        {
            writer.WriteStartObject("toolChoice"u8);
            switch (choice.Kind)
            {
                case ToolChoiceKind.Required:
                    writer.WriteStartObject("any"u8);
                    writer.WriteEndObject();
                    break;
                case ToolChoiceKind.Specific:
                    writer.WriteStartObject("tool"u8);
                    writer.WriteString("name"u8, choice.Name);
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteStartObject("auto"u8);
                    writer.WriteEndObject();
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteAdditionalFields(Utf8JsonWriter writer, ChatRequest request, IReadOnlyList<string> betas)
    {
        var thinking = request.Thinking;
        if (thinking is null && request.TopK is null && betas.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("additionalModelRequestFields"u8);
        JsonWriting.WriteOptional(writer, "top_k"u8, request.TopK);

        if (betas.Count > 0)
        {
            writer.WriteStartArray("anthropic_beta"u8);
            foreach (var beta in betas)
            {
                writer.WriteStringValue(beta);
            }

            writer.WriteEndArray();
        }

        if (thinking is not null)
        {
            writer.WriteStartObject("thinking"u8);
            switch (thinking.Mode)
            {
                case ThinkingMode.Enabled:
                    writer.WriteString("type"u8, "enabled"u8);
                    writer.WriteNumber("budget_tokens"u8, thinking.BudgetTokens ?? ReasoningBudget.MinimumBudget);
                    break;
                case ThinkingMode.Adaptive:
                    writer.WriteString("type"u8, "adaptive"u8);
                    break;
                default:
                    writer.WriteString("type"u8, "disabled"u8);
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteOutputConfig(Utf8JsonWriter writer, ChatRequest request)
    {
        var format = request.ResponseFormat is { Kind: "json_schema", Schema: not null } f ? f : null;
        var effort = request.OutputEffort;
        if (format is null && effort is null)
        {
            return;
        }

        writer.WriteStartObject("outputConfig"u8);
        if (effort is not null)
        {
            writer.WriteString("effort"u8, effort);
        }

        if (format is not null)
        {
            writer.WriteStartObject("textFormat"u8);
            writer.WriteString("type"u8, "json_schema"u8);
            writer.WriteStartObject("structure"u8);
            writer.WriteStartObject("jsonSchema"u8);
            // §7.10 item 15: the schema is a JSON string here, not an object.
            writer.WriteString("schema"u8, format.Schema);
            if (format.Name is not null)
            {
                writer.WriteString("name"u8, format.Name);
            }

            if (format.Description is not null)
            {
                writer.WriteString("description"u8, format.Description);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
