using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>
/// Neutral <see cref="ChatRequest"/> → Anthropic Messages body (§2.1), or the Bedrock InvokeModel variant of it (§8: no
/// <c>model</c>/<c>stream</c>, plus <c>anthropic_version</c>). Throws <see cref="RequestFieldException"/> for what
/// Anthropic cannot express (n &gt; 1, temperature &gt; 1, untranslatable parts).
/// </summary>
internal static class AnthropicRequestWriter
{
    public const string BedrockAnthropicVersion = "bedrock-2023-05-31";

    public static void Write(ChatRequest request, TranslationTarget target, bool invoke, IBufferWriter<byte> output)
    {
        RequestLimits.RejectManyChoices(request);
        RequestLimits.RejectHighTemperature(request);
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        if (invoke)
        {
            writer.WriteString("anthropic_version"u8, BedrockAnthropicVersion);
            var betas = BedrockBetas.Filter(target.AnthropicBetas, target.AllowedAnthropicBetas);
            if (betas.Count > 0)
            {
                writer.WriteStartArray("anthropic_beta"u8);
                foreach (var beta in betas)
                {
                    writer.WriteStringValue(beta);
                }

                writer.WriteEndArray();
            }
        }
        else
        {
            writer.WriteString("model"u8, target.ModelId);
        }

        var maxTokens = request.MaxTokens ?? target.DefaultMaxTokens;
        request = DerivedThinking.Apply(request, maxTokens);
        writer.WriteNumber("max_tokens"u8, maxTokens);
        if (request.System.Count > 0)
        {
            writer.WriteStartArray("system"u8);
            var systemPath = RequestPath.Start().Push("system");
            foreach (var part in request.System)
            {
                WritePart(writer, part, systemPath, ApiSchema.Anthropic);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("messages"u8);
        var path = RequestPath.Start();
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            writer.WriteStartObject();
            writer.WriteString("role"u8, message.Role == ChatRole.User ? "user"u8 : "assistant"u8);
            writer.WriteStartArray("content"u8);
            for (var j = 0; j < message.Parts.Count; j++)
            {
                WritePart(writer, message.Parts[j], path.Push("messages", i).Push("content", j), ApiSchema.Anthropic);
                path.Pop();
                path.Pop();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonWriting.WriteOptional(writer, "temperature"u8, request.Temperature);
        JsonWriting.WriteOptional(writer, "top_p"u8, request.TopP);
        JsonWriting.WriteOptional(writer, "top_k"u8, request.TopK);
        JsonWriting.WriteStrings(writer, "stop_sequences"u8, request.StopSequences);

        if (!invoke && target.Stream)
        {
            writer.WriteBoolean("stream"u8, true);
        }

        if (request.User is { } user)
        {
            writer.WriteStartObject("metadata"u8);
            writer.WriteString("user_id"u8, user);
            writer.WriteEndObject();
        }

        WriteTools(writer, request);
        WriteThinking(writer, request);
        WriteOutputConfig(writer, request);
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
                    if (tool.Origin != ApiSchema.Anthropic)
                    {
                        throw new RequestFieldException($"tools[{i}]", $"'tools[{i}]' is a provider-specific tool that this provider does not offer.");
                    }

                    writer.WriteRawValue(tool.RawJson);
                    continue;
                }

                writer.WriteStartObject();
                tool.WriteName(writer, "name"u8);
                if (tool.HasDescription)
                {
                    tool.WriteDescription(writer, "description"u8);
                }

                writer.WritePropertyName("input_schema"u8);
                tool.WriteSchema(writer, RequestLimits.EmptyObjectSchema);
                if (tool.Strict is { } strict)
                {
                    writer.WriteBoolean("strict"u8, strict);
                }

                WriteCache(writer, tool.Cache);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var choice = request.ToolChoice;
        if (choice is null && request.ParallelToolCalls != false)
        {
            return;
        }

        writer.WriteStartObject("tool_choice"u8);
        switch (choice?.Kind ?? ToolChoiceKind.Auto)
        {
            case ToolChoiceKind.Auto:
                writer.WriteString("type"u8, "auto"u8);
                break;
            case ToolChoiceKind.None:
                writer.WriteString("type"u8, "none"u8);
                break;
            case ToolChoiceKind.Required:
                writer.WriteString("type"u8, "any"u8);
                break;
            case ToolChoiceKind.Specific:
                writer.WriteString("type"u8, "tool"u8);
                writer.WriteString("name"u8, choice!.Name);
                break;
        }

        if (request.ParallelToolCalls == false && choice?.Kind != ToolChoiceKind.None)
        {
            writer.WriteBoolean("disable_parallel_tool_use"u8, true);
        }

        writer.WriteEndObject();
    }

    private static void WriteThinking(Utf8JsonWriter writer, ChatRequest request)
    {
        var thinking = request.Thinking;
        if (thinking is null)
        {
            return;
        }

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

    /// <summary>
    /// Structured output goes native: <c>output_config.format</c> json_schema (§7.1). OpenAI's <c>json_object</c> has no
    /// Anthropic equivalent and is dropped (the prompt must ask for JSON, as OpenAI requires anyway).
    /// </summary>
    private static void WriteOutputConfig(Utf8JsonWriter writer, ChatRequest request)
    {
        var format = request.ResponseFormat is { Kind: "json_schema", Schema: not null } f ? f : null;
        if (request.OutputEffort is null && format is null)
        {
            return;
        }

        writer.WriteStartObject("output_config"u8);
        if (request.OutputEffort is { } effort)
        {
            writer.WriteString("effort"u8, effort);
        }

        if (format is not null)
        {
            writer.WriteStartObject("format"u8);
            writer.WriteString("type"u8, "json_schema"u8);
            writer.WritePropertyName("schema"u8);
            writer.WriteRawValue(format.Schema!);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <param name="path">Where the part is, named by an error (made into text only then).</param>
    internal static void WritePart(Utf8JsonWriter writer, ContentPart part, RequestPath path, ApiSchema origin)
    {
        switch (part)
        {
            case TextPart text:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                text.Write(writer, "text"u8);
                break;
            case ImagePart image:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image"u8);
                writer.WriteStartObject("source"u8);
                WriteSource(writer, image.MediaType, image.Data, image.Url);
                writer.WriteEndObject();
                break;
            case DocumentPart document:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "document"u8);
                writer.WriteStartObject("source"u8);
                if (document.Text is not null)
                {
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("media_type"u8, document.MediaType ?? "text/plain");
                    writer.WriteString("data"u8, document.Text);
                }
                else
                {
                    WriteSource(writer, document.MediaType, document.Data, document.Url);
                }

                writer.WriteEndObject();
                if (document.Name is not null)
                {
                    writer.WriteString("title"u8, document.Name);
                }

                break;
            case ToolCallPart call:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_use"u8);
                ToolIds.WriteForAnthropic(writer, "id"u8, call);
                call.WriteName(writer, "name"u8);
                writer.WritePropertyName("input"u8);
                ToolArguments.WriteObject(writer, call, path, "function.arguments");
                break;
            case ToolResultPart result:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_result"u8);
                ToolIds.WriteForAnthropic(writer, "tool_use_id"u8, result);
                writer.WriteStartArray("content"u8);
                for (var i = 0; i < result.Content.Count; i++)
                {
                    WritePart(writer, result.Content[i], path.Push("content", i), origin);
                    path.Pop();
                }

                writer.WriteEndArray();
                if (result.IsError)
                {
                    writer.WriteBoolean("is_error"u8, true);
                }

                break;
            case ThinkingPart thinking:
                if (thinking.Signature is null)
                {
                    // Unsigned reasoning (from an OpenAI-format client) cannot be replayed (§7.7).
                    return;
                }

                writer.WriteStartObject();
                writer.WriteString("type"u8, "thinking"u8);
                writer.WriteString("thinking"u8, thinking.Text);
                writer.WriteString("signature"u8, thinking.Signature);
                break;
            case RedactedThinkingPart redacted:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "redacted_thinking"u8);
                writer.WriteString("data"u8, redacted.Data);
                break;
            case OpaquePart opaque when opaque.Origin == origin:
                writer.WriteRawValue(opaque.Json);
                return;
            case OpaquePart opaque:
                throw new RequestFieldException(opaque.Path, $"'{opaque.Path}' ({opaque.Type}) cannot be sent to this provider.");
            default:
                throw new RequestFieldException(path.ToString(), $"'{path}' cannot be sent to this provider.");
        }

        WriteCache(writer, part.Cache);
        writer.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter writer, string? mediaType, string? data, string? url)
    {
        if (url is not null)
        {
            writer.WriteString("type"u8, "url"u8);
            writer.WriteString("url"u8, url);
            return;
        }

        writer.WriteString("type"u8, "base64"u8);
        writer.WriteString("media_type"u8, mediaType);
        writer.WriteString("data"u8, data);
    }

    internal static void WriteCache(Utf8JsonWriter writer, CacheControl? cache)
    {
        if (cache is null)
        {
            return;
        }

        writer.WriteStartObject("cache_control"u8);
        writer.WriteString("type"u8, "ephemeral"u8);
        if (cache.Ttl is not null)
        {
            writer.WriteString("ttl"u8, cache.Ttl);
        }

        writer.WriteEndObject();
    }
}
