using System.Text.Json;
using AiGateway.Processor.Translation;
using static AiGateway.Processor.Translation.JsonFields;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// OpenAI Chat Completions request body (§1.1–1.2) → neutral <see cref="ChatRequest"/>. System and developer messages go
/// to <see cref="ChatRequest.System"/> in order; consecutive <c>tool</c> messages become one user turn of tool results
/// (§7.10 item 5). Assistant <c>thinking_blocks</c> (LiteLLM convention, §7.7) come back as signed thinking parts.
/// </summary>
internal static class OpenAiRequestReader
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "model", "messages", "max_completion_tokens", "max_tokens", "temperature", "top_p", "n", "stop", "stream",
        "stream_options", "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort", "response_format", "user",
        "safety_identifier",
    };

    public static ChatRequest Read(JsonElement root, ReadOnlyMemory<byte> body)
    {
        var model = ReqString(root, "model", "");
        var messagesElement = OptArray(root, "messages", "") ?? throw Missing("", "messages");
        var system = new List<TextPart>();
        var messages = new List<ChatMessage>();
        List<ContentPart>? toolResults = null;
        var index = 0;
        foreach (var message in messagesElement.EnumerateArray())
        {
            var path = $"messages[{index++}]";
            RequireObject(message, path);
            var role = ReqString(message, "role", path);
            if (role == "tool")
            {
                toolResults ??= [];
                toolResults.Add(ReadToolMessage(message, path, body));
                continue;
            }

            if (toolResults is not null)
            {
                messages.Add(new ChatMessage(ChatRole.User, toolResults));
                toolResults = null;
            }

            switch (role)
            {
                case "system" or "developer":
                    ReadSystem(message, path, system, body);
                    break;
                case "user":
                    messages.Add(new ChatMessage(ChatRole.User, ReadUserContent(message, path, body)));
                    break;
                case "assistant":
                    messages.Add(new ChatMessage(ChatRole.Assistant, ReadAssistant(message, path, body)));
                    break;
                default:
                    throw new RequestFieldException($"{path}.role", $"'{path}.role' '{role}' is not supported; use system, developer, user, assistant or tool.");
            }
        }

        if (toolResults is not null)
        {
            messages.Add(new ChatMessage(ChatRole.User, toolResults));
        }

        var stream = OptBool(root, "stream", "") ?? false;
        var streamOptions = OptObject(root, "stream_options", "");
        return new ChatRequest
        {
            Model = model,
            Stream = stream,
            IncludeUsage = streamOptions is { } options && (OptBool(options, "include_usage", "stream_options") ?? false),
            MaxTokens = OptInt(root, "max_completion_tokens", "") ?? OptInt(root, "max_tokens", ""),
            Temperature = OptNumber(root, "temperature", ""),
            TopP = OptNumber(root, "top_p", ""),
            N = OptInt(root, "n", ""),
            StopSequences = ReadStop(root),
            System = system,
            Messages = messages,
            Tools = ReadTools(root),
            ToolChoice = ReadToolChoice(root),
            ParallelToolCalls = OptBool(root, "parallel_tool_calls", ""),
            ReasoningEffort = OptString(root, "reasoning_effort", ""),
            ResponseFormat = ReadFormat(root),
            User = OptString(root, "user", "") ?? OptString(root, "safety_identifier", ""),
            DroppedFields = Unknown(root, Known),
        };
    }

    private static void ReadSystem(JsonElement message, string path, List<TextPart> system, ReadOnlyMemory<byte> body)
    {
        foreach (var part in ReadUserContent(message, path, body))
        {
            system.Add(part as TextPart ?? throw new RequestFieldException($"{path}.content", $"'{path}.content' of a system message may hold only text."));
        }
    }

    private static ToolResultPart ReadToolMessage(JsonElement message, string path, ReadOnlyMemory<byte> body)
    {
        var id = ReqString(message, "tool_call_id", path);
        return new ToolResultPart(id, ReadUserContent(message, path, body), IsError: false);
    }

    private static List<ContentPart> ReadUserContent(JsonElement message, string path, ReadOnlyMemory<byte> body) => ReqContent(message, path, "content parts", body, ReadPart);

    private static ContentPart ReadPart(JsonElement part, string path, ReadOnlyMemory<byte> body)
    {
        RequireObject(part, path);
        var type = ReqString(part, "type", path);
        switch (type)
        {
            case "text":
                return ReqText(part, "text", path, body);
            case "refusal":
                return ReqText(part, "refusal", path, body);
            case "image_url":
                var imagePath = $"{path}.image_url";
                var url = ReqString(ReqObject(part, "image_url", path), "url", imagePath);
                return FromUrl(url, null, $"{imagePath}.url");
            case "file":
                var filePath = $"{path}.file";
                var file = ReqObject(part, "file", path);
                var data = OptString(file, "file_data", filePath)
                    ?? throw new RequestFieldException($"{filePath}.file_id", $"'{filePath}.file_id' (uploaded files) cannot be translated; send 'file_data' as a data URL.");
                return FromUrl(data, OptString(file, "filename", filePath), $"{filePath}.file_data");
            case "input_audio":
                return new OpaquePart(ApiSchema.OpenAi, type, part.GetRawText(), path);
            default:
                throw new RequestFieldException($"{path}.type", $"'{path}.type' has an unknown content type '{type}'.");
        }
    }

    /// <summary>A data URL becomes inline base64 (image or document by media type); an http(s) URL stays a URL (§7.3).</summary>
    private static ContentPart FromUrl(string url, string? fileName, string path)
    {
        if (!url.StartsWith("data:", StringComparison.Ordinal))
        {
            return new ImagePart(null, null, url);
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? string.Empty : url[5..comma];
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.Ordinal))
        {
            throw new RequestFieldException(path, $"'{path}' must be a base64 data URL (data:<media-type>;base64,<data>).");
        }

        var mediaType = header[..^7];
        var data = url[(comma + 1)..];
        return mediaType.StartsWith("image/", StringComparison.Ordinal)
            ? new ImagePart(mediaType, data, null)
            : new DocumentPart(mediaType, data, null, null, fileName);
    }

    private static List<ContentPart> ReadAssistant(JsonElement message, string path, ReadOnlyMemory<byte> body)
    {
        var parts = new List<ContentPart>();
        if (OptArray(message, "thinking_blocks", path) is { } blocks)
        {
            var blockIndex = 0;
            foreach (var block in blocks.EnumerateArray())
            {
                var blockPath = $"{path}.thinking_blocks[{blockIndex++}]";
                RequireObject(block, blockPath);
                parts.Add(ReqString(block, "type", blockPath) switch
                {
                    "thinking" => new ThinkingPart(OptString(block, "thinking", blockPath) ?? string.Empty, OptString(block, "signature", blockPath)),
                    "redacted_thinking" => new RedactedThinkingPart(ReqString(block, "data", blockPath)),
                    var other => throw new RequestFieldException($"{blockPath}.type", $"'{blockPath}.type' '{other}' is not supported."),
                });
            }
        }
        else if (OptString(message, "reasoning_content", path) is { Length: > 0 } reasoning)
        {
            // Reasoning without a signature cannot be replayed to Anthropic or Bedrock (§7.7); writers drop it there.
            parts.Add(new ThinkingPart(reasoning, null));
        }

        if (Has(message, "content", out var content))
        {
            if (content.ValueKind == JsonValueKind.String)
            {
                parts.Add(TextPart.FromJson(content, body));
            }
            else
            {
                parts.AddRange(ReadUserContent(message, path, body));
            }
        }

        if (OptArray(message, "tool_calls", path) is { } calls)
        {
            var callIndex = 0;
            foreach (var call in calls.EnumerateArray())
            {
                var callPath = $"{path}.tool_calls[{callIndex++}]";
                RequireObject(call, callPath);
                var function = ReqObject(call, "function", callPath);
                parts.Add(new ToolCallPart(
                    ReqString(call, "id", callPath),
                    ReqString(function, "name", $"{callPath}.function"),
                    OptString(function, "arguments", $"{callPath}.function") ?? string.Empty));
            }
        }

        return parts;
    }

    private static List<string> ReadStop(JsonElement root)
    {
        if (!Has(root, "stop", out var stop))
        {
            return [];
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            throw Wrong("", "stop", "a string or an array of strings");
        }

        var list = new List<string>();
        foreach (var item in stop.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong("", "stop", "a string or an array of strings"));
        }

        return list;
    }

    private static List<ToolDefinition> ReadTools(JsonElement root)
    {
        var tools = new List<ToolDefinition>();
        if (OptArray(root, "tools", "") is not { } array)
        {
            return tools;
        }

        var index = 0;
        foreach (var tool in array.EnumerateArray())
        {
            var path = $"tools[{index++}]";
            RequireObject(tool, path);
            var type = ReqString(tool, "type", path);
            if (type != "function")
            {
                tools.Add(new ToolDefinition(OptString(tool, "name", path) ?? type, null, null) { RawJson = tool.GetRawText(), Origin = ApiSchema.OpenAi });
                continue;
            }

            var functionPath = $"{path}.function";
            var function = ReqObject(tool, "function", path);
            tools.Add(new ToolDefinition(ReqString(function, "name", functionPath), OptString(function, "description", functionPath), OptObject(function, "parameters", functionPath)?.GetRawText())
            {
                Strict = OptBool(function, "strict", functionPath),
            });
        }

        return tools;
    }

    private static ToolChoice? ReadToolChoice(JsonElement root)
    {
        if (!Has(root, "tool_choice", out var choice))
        {
            return null;
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "auto" => new ToolChoice(ToolChoiceKind.Auto),
                "none" => new ToolChoice(ToolChoiceKind.None),
                "required" => new ToolChoice(ToolChoiceKind.Required),
                var other => throw new RequestFieldException("tool_choice", $"'tool_choice' '{other}' is not supported; use none, auto, required or a function."),
            };
        }

        RequireObject(choice, "tool_choice");
        if (ReqString(choice, "type", "tool_choice") != "function")
        {
            throw new RequestFieldException("tool_choice.type", "'tool_choice.type' must be 'function'.");
        }

        return new ToolChoice(ToolChoiceKind.Specific, ReqString(ReqObject(choice, "function", "tool_choice"), "name", "tool_choice.function"));
    }

    private static ResponseFormat? ReadFormat(JsonElement root)
    {
        if (OptObject(root, "response_format", "") is not { } format)
        {
            return null;
        }

        var type = ReqString(format, "type", "response_format");
        switch (type)
        {
            case "text":
                return null;
            case "json_object":
                return new ResponseFormat(type, null, null, null, null);
            case "json_schema":
                var schema = ReqObject(format, "json_schema", "response_format");
                const string path = "response_format.json_schema";
                return new ResponseFormat(type, ReqString(schema, "name", path), OptString(schema, "description", path), OptObject(schema, "schema", path)?.GetRawText(), OptBool(schema, "strict", path));
            default:
                throw new RequestFieldException("response_format.type", $"'response_format.type' '{type}' is not supported.");
        }
    }
}
