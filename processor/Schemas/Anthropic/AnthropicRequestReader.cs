using System.Text.Json;
using AiGateway.Processor.Translation;
using static AiGateway.Processor.Translation.JsonFields;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>Anthropic Messages request body (§2.1–2.2) → neutral <see cref="ChatRequest"/>. Throws <see cref="RequestFieldException"/> on bad fields.</summary>
internal static class AnthropicRequestReader
{
    private static readonly byte[][] Known = Utf8Names(
        "model", "messages", "max_tokens", "system", "temperature", "top_p", "top_k", "stop_sequences", "stream",
        "metadata", "tools", "tool_choice", "thinking", "output_config");

    public static ChatRequest Read(JsonElement root, ReadOnlyMemory<byte> body)
    {
        var model = ReqString(root, "model", "");
        var messagesElement = OptArray(root, "messages", "") ?? throw Missing("", "messages");
        var path = RequestPath.Start();
        var system = ReadSystem(root, path, body);
        List<TextPart>? promoted = null;
        var messages = new ChatMessage[messagesElement.GetArrayLength()];
        var count = 0;
        var index = 0;
        foreach (var message in messagesElement.EnumerateArray())
        {
            path.Push("messages", index++);
            RequireObject(message, path);
            var role = ReqStringElement(message, "role", path);
            var parts = ReadContent(message, path, body);
            if (role.ValueEquals("user"u8))
            {
                messages[count++] = new ChatMessage(ChatRole.User, parts);
            }
            else if (role.ValueEquals("assistant"u8))
            {
                messages[count++] = new ChatMessage(ChatRole.Assistant, parts);
            }
            else if (role.ValueEquals("system"u8))
            {
                // Mid-conversation system messages are promoted into the top-level system prompt (§2.2, peer convention).
                promoted ??= [.. system];
                foreach (var part in parts)
                {
                    promoted.Add(part as TextPart ?? throw new RequestFieldException($"{path}.content", $"'{path}.content' of a system message may hold only text."));
                }
            }
            else
            {
                throw new RequestFieldException($"{path}.role", $"'{path}.role' must be 'user' or 'assistant'.");
            }

            path.Pop();
        }

        return new ChatRequest
        {
            Model = model,
            Stream = OptBool(root, "stream", "") ?? false,
            IncludeUsage = true,
            MaxTokens = OptInt(root, "max_tokens", ""),
            Temperature = OptNumber(root, "temperature", ""),
            TopP = OptNumber(root, "top_p", ""),
            TopK = OptInt(root, "top_k", ""),
            StopSequences = (IReadOnlyList<string>?)ReadStrings(root, "stop_sequences") ?? [],
            System = promoted is not null ? promoted.ToArray() : system,
            Messages = count == messages.Length ? messages : messages[..count],
            Tools = (IReadOnlyList<ToolDefinition>?)ReadTools(root, body) ?? [],
            ToolChoice = ReadToolChoice(root, out var parallel),
            ParallelToolCalls = parallel,
            Thinking = ReadThinking(root),
            OutputEffort = OptObject(root, "output_config", "") is { } config ? OptString(config, "effort", "output_config") : null,
            ResponseFormat = ReadFormat(root),
            User = OptObject(root, "metadata", "") is { } metadata ? OptString(metadata, "user_id", "metadata") : null,
            DroppedFields = Unknown(root, Known),
        };
    }

    /// <summary>The top-level <c>system</c> prompt (empty when absent).</summary>
    private static TextPart[] ReadSystem(JsonElement root, RequestPath path, ReadOnlyMemory<byte> body)
    {
        if (!Has(root, "system", out var value))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [TextPart.FromJson(value, body)];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Wrong("", "system", "a string or an array of text blocks");
        }

        var system = new TextPart[value.GetArrayLength()];
        var index = 0;
        foreach (var block in value.EnumerateArray())
        {
            path.Push("system", index);
            RequireObject(block, path);
            if (!ReqStringElement(block, "type", path).ValueEquals("text"u8))
            {
                throw new RequestFieldException($"{path}.type", $"'{path}.type' must be 'text'.");
            }

            var text = ReqText(block, "text", path, body);
            system[index++] = ReadCache(block, path) is { } cache ? text with { Cache = cache } : text;
            path.Pop();
        }

        return system;
    }

    private static PartList ReadContent(JsonElement message, RequestPath path, ReadOnlyMemory<byte> body) => ReqContent(message, path, "content blocks", body, ReadBlock);

    private static ContentPart ReadBlock(JsonElement block, RequestPath path, ReadOnlyMemory<byte> body)
    {
        RequireObject(block, path);
        var typeElement = ReqStringElement(block, "type", path);
        var cache = ReadCache(block, path);
        if (typeElement.ValueEquals("text"u8))
        {
            // The most common block: no type string made.
            var text = ReqText(block, "text", path, body);
            return cache is null ? text : text with { Cache = cache };
        }

        var part = ReadKnownBlock(block, typeElement, path, body) ?? ReadOtherBlock(block, typeElement.GetString()!, path);
        return cache is null ? part : part with { Cache = cache };
    }

    /// <summary>The blocks every conversation has, told apart without making the type's string.</summary>
    private static ContentPart? ReadKnownBlock(JsonElement block, JsonElement type, RequestPath path, ReadOnlyMemory<byte> body)
    {
        if (type.ValueEquals("tool_use"u8))
        {
            return ToolCallPart.FromJson(ReqStringElement(block, "id", path), ReqStringElement(block, "name", path), ReqObject(block, "input", path), body);
        }

        if (type.ValueEquals("tool_result"u8))
        {
            return ReadToolResult(block, path, body);
        }

        if (type.ValueEquals("thinking"u8))
        {
            return new ThinkingPart(ReqString(block, "thinking", path), OptString(block, "signature", path));
        }

        return null;
    }

    private static ContentPart ReadOtherBlock(JsonElement block, string type, RequestPath path) => type switch
    {
        "image" => ReadImage(block, path),
        "document" => ReadDocument(block, path),
        "redacted_thinking" => new RedactedThinkingPart(ReqString(block, "data", path)),
        "server_tool_use" or "web_search_tool_result" or "web_fetch_tool_result" or "code_execution_tool_result"
            or "bash_code_execution_tool_result" or "text_editor_code_execution_tool_result" or "mcp_tool_use"
            or "mcp_tool_result" or "search_result" or "container_upload" or "tool_search_tool_result" =>
            new OpaquePart(ApiSchema.Anthropic, type, block.GetRawText(), path.ToString()),
        _ => throw new RequestFieldException($"{path}.type", $"'{path}.type' has an unknown content type '{type}'."),
    };

    private static ImagePart ReadImage(JsonElement block, RequestPath path)
    {
        var source = ReqObject(block, "source", path);
        path.Push("source");
        var image = ReqString(source, "type", path) switch
        {
            "base64" => new ImagePart(ReqString(source, "media_type", path), ReqString(source, "data", path), null),
            "url" => new ImagePart(null, null, ReqString(source, "url", path)),
            var other => throw new RequestFieldException($"{path}.type", $"'{path}.type' '{other}' is not supported."),
        };
        path.Pop();
        return image;
    }

    private static DocumentPart ReadDocument(JsonElement block, RequestPath path)
    {
        var source = ReqObject(block, "source", path);
        var title = OptString(block, "title", path);
        path.Push("source");
        var document = ReqString(source, "type", path) switch
        {
            "base64" => new DocumentPart(ReqString(source, "media_type", path), ReqString(source, "data", path), null, null, title),
            "text" => new DocumentPart(OptString(source, "media_type", path) ?? "text/plain", null, ReqString(source, "data", path), null, title),
            "url" => new DocumentPart(null, null, null, ReqString(source, "url", path), title),
            var other => throw new RequestFieldException($"{path}.type", $"'{path}.type' '{other}' is not supported."),
        };
        path.Pop();
        return document;
    }

    private static ToolResultPart ReadToolResult(JsonElement block, RequestPath path, ReadOnlyMemory<byte> body)
    {
        var id = ReqStringElement(block, "tool_use_id", path);
        var isError = OptBool(block, "is_error", path) ?? false;
        PartList content = default;
        if (Has(block, "content", out var value))
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                content = new PartList(TextPart.FromJson(value, body));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                content = ReadParts(value, path, body, ReadBlock);
            }
            else
            {
                throw Wrong(path, "content", "a string or an array of content blocks");
            }
        }

        return ToolResultPart.FromJson(id, content, isError, body);
    }

    private static CacheControl? ReadCache(JsonElement block, RequestPath path)
    {
        if (OptObject(block, "cache_control", path) is not { } cache)
        {
            return null;
        }

        path.Push("cache_control");
        var ttl = OptString(cache, "ttl", path);
        path.Pop();
        return ttl is null ? CacheControl.ProviderDefault : new CacheControl(ttl);
    }

    /// <returns>Null when absent (the request shares an empty list).</returns>
    private static List<string>? ReadStrings(JsonElement root, string name)
    {
        if (OptArray(root, name, "") is { } array)
        {
            var list = new List<string>(array.GetArrayLength());
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong("", $"{name}[{index}]", "a string"));
                index++;
            }

            return list;
        }

        return null;
    }

    /// <returns>Null when absent (the request shares an empty list).</returns>
    private static ToolDefinition[]? ReadTools(JsonElement root, ReadOnlyMemory<byte> body)
    {
        if (OptArray(root, "tools", "") is not { } array)
        {
            return null;
        }

        var tools = new ToolDefinition[array.GetArrayLength()];
        var path = RequestPath.Start();
        var index = 0;
        foreach (var tool in array.EnumerateArray())
        {
            path.Push("tools", index);
            RequireObject(tool, path);
            var type = OptString(tool, "type", path);
            var name = ReqStringElement(tool, "name", path);
            if (type is not null and not "custom")
            {
                tools[index++] = new ToolDefinition(name.GetString()!, null, null) { RawJson = tool.GetRawText(), Origin = ApiSchema.Anthropic, Cache = ReadCache(tool, path) };
                path.Pop();
                continue;
            }

            var description = OptStringElement(tool, "description", path);
            var schema = ReqObject(tool, "input_schema", path);
            tools[index++] = ToolDefinition.FromJson(name, description, schema, body, OptBool(tool, "strict", path), ReadCache(tool, path));
            path.Pop();
        }

        return tools;
    }

    private static ToolChoice? ReadToolChoice(JsonElement root, out bool? parallel)
    {
        parallel = null;
        if (OptObject(root, "tool_choice", "") is not { } choice)
        {
            return null;
        }

        if (OptBool(choice, "disable_parallel_tool_use", "tool_choice") is { } disable)
        {
            parallel = !disable;
        }

        return ReqString(choice, "type", "tool_choice") switch
        {
            "auto" => ToolChoice.Auto,
            "any" => ToolChoice.Required,
            "none" => ToolChoice.None,
            "tool" => new ToolChoice(ToolChoiceKind.Specific, ReqString(choice, "name", "tool_choice")),
            var other => throw new RequestFieldException("tool_choice.type", $"'tool_choice.type' '{other}' is not supported."),
        };
    }

    private static ThinkingConfig? ReadThinking(JsonElement root)
    {
        if (OptObject(root, "thinking", "") is not { } thinking)
        {
            return null;
        }

        return ReqString(thinking, "type", "thinking") switch
        {
            "enabled" => new ThinkingConfig(ThinkingMode.Enabled, OptInt(thinking, "budget_tokens", "thinking") ?? throw Missing("thinking", "budget_tokens")),
            "disabled" => new ThinkingConfig(ThinkingMode.Disabled, null),
            "adaptive" => new ThinkingConfig(ThinkingMode.Adaptive, null),
            var other => throw new RequestFieldException("thinking.type", $"'thinking.type' '{other}' is not supported."),
        };
    }

    private static ResponseFormat? ReadFormat(JsonElement root)
    {
        if (OptObject(root, "output_config", "") is not { } config || OptObject(config, "format", "output_config") is not { } format)
        {
            return null;
        }

        var type = ReqString(format, "type", "output_config.format");
        return new ResponseFormat(type, null, null, OptObject(format, "schema", "output_config.format")?.GetRawText(), null);
    }
}
