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
    private static readonly byte[][] Known = Utf8Names(
        "model", "messages", "max_completion_tokens", "max_tokens", "temperature", "top_p", "n", "stop", "stream",
        "stream_options", "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort", "response_format", "user",
        "safety_identifier");

    // Per-thread lists a request's messages, system parts, an assistant message's parts and a run of tool messages are
    // collected in, then copied to exact-size arrays (or held inline, one part): one object each instead of a list and
    // its grown arrays (issue 5, objects per KB). Emptied when the read ends, however it ends, so no thread keeps a body.
    [ThreadStatic]
    private static Scratch? t_scratch;

    public static ChatRequest Read(JsonElement root, ReadOnlyMemory<byte> body)
    {
        var model = ReqString(root, "model", "");
        var messagesElement = OptArray(root, "messages", "") ?? throw Missing("", "messages");
        var scratch = t_scratch ??= new Scratch();
        try
        {
            return ReadWithScratch(root, body, model, messagesElement, scratch);
        }
        finally
        {
            scratch.Clear();
        }
    }

    private static ChatRequest ReadWithScratch(JsonElement root, ReadOnlyMemory<byte> body, string model, JsonElement messagesElement, Scratch scratch)
    {
        var system = scratch.System;
        var messages = scratch.Messages;
        List<ContentPart>? toolResults = null;
        var path = RequestPath.Start();
        var index = 0;
        foreach (var message in messagesElement.EnumerateArray())
        {
            path.Push("messages", index++);
            RequireObject(message, path);
            var role = ReqStringElement(message, "role", path);
            if (role.ValueEquals("tool"u8))
            {
                toolResults ??= scratch.ToolResults;

                toolResults.Add(ReadToolMessage(message, path, body));
                path.Pop();
                continue;
            }

            if (toolResults is not null)
            {
                messages.Add(new ChatMessage(ChatRole.User, Drain(toolResults)));
                toolResults = null;
            }

            if (role.ValueEquals("user"u8))
            {
                messages.Add(new ChatMessage(ChatRole.User, ReadUserContent(message, path, body)));
            }
            else if (role.ValueEquals("assistant"u8))
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, ReadAssistant(message, path, body)));
            }
            else if (role.ValueEquals("system"u8) || role.ValueEquals("developer"u8))
            {
                ReadSystem(message, path, system, body);
            }
            else
            {
                throw new RequestFieldException($"{path}.role", $"'{path}.role' '{role.GetString()}' is not supported; use system, developer, user, assistant or tool.");
            }

            path.Pop();
        }

        if (toolResults is not null)
        {
            messages.Add(new ChatMessage(ChatRole.User, Drain(toolResults)));
        }

        var stream = OptBool(root, "stream", "") ?? false;
        var streamOptions = OptObject(root, "stream_options", "");
        return new ChatRequest
        {
            Model = model,
            Stream = stream,
            IncludeUsage = streamOptions is { } options && (OptBool(options, "include_usage", "stream_options") ?? false),
            StreamOptionsJson = streamOptions is { } written && BodySlice.TryGet(written, body, out var slice) ? slice : default,
            MaxTokens = OptInt(root, "max_completion_tokens", "") ?? OptInt(root, "max_tokens", ""),
            Temperature = OptNumber(root, "temperature", ""),
            TopP = OptNumber(root, "top_p", ""),
            N = OptInt(root, "n", ""),
            StopSequences = (IReadOnlyList<string>?)ReadStop(root) ?? [],
            System = system.ToArray(),
            Messages = messages.ToArray(),
            Tools = (IReadOnlyList<ToolDefinition>?)ReadTools(root, body) ?? [],
            ToolChoice = ReadToolChoice(root),
            ParallelToolCalls = OptBool(root, "parallel_tool_calls", ""),
            ReasoningEffort = OptString(root, "reasoning_effort", ""),
            ResponseFormat = ReadFormat(root),
            User = OptString(root, "user", "") ?? OptString(root, "safety_identifier", ""),
            DroppedFields = Unknown(root, Known),
        };
    }

    /// <summary>The collected parts (one inline, more in an exact-size array); the scratch list lets go of them.</summary>
    private static PartList Drain(List<ContentPart> parts)
    {
        var list = PartList.From(parts);
        parts.Clear();
        return list;
    }

    private static void ReadSystem(JsonElement message, RequestPath path, List<TextPart> system, ReadOnlyMemory<byte> body)
    {
        foreach (var part in ReadUserContent(message, path, body))
        {
            system.Add(part as TextPart ?? throw new RequestFieldException($"{path}.content", $"'{path}.content' of a system message may hold only text."));
        }
    }

    private static ToolResultPart ReadToolMessage(JsonElement message, RequestPath path, ReadOnlyMemory<byte> body)
    {
        var id = ReqStringElement(message, "tool_call_id", path);
        return ToolResultPart.FromJson(id, ReadUserContent(message, path, body), isError: false, body);
    }

    private static PartList ReadUserContent(JsonElement message, RequestPath path, ReadOnlyMemory<byte> body) => ReqContent(message, path, "content parts", body, ReadPart);

    private static ContentPart ReadPart(JsonElement part, RequestPath path, ReadOnlyMemory<byte> body)
    {
        RequireObject(part, path);
        var type = ReqStringElement(part, "type", path);
        if (type.ValueEquals("text"u8))
        {
            return ReqText(part, "text", path, body);
        }

        if (type.ValueEquals("refusal"u8))
        {
            return ReqText(part, "refusal", path, body);
        }

        if (type.ValueEquals("image_url"u8))
        {
            var image = ReqObject(part, "image_url", path);
            path.Push("image_url");
            var url = ReqString(image, "url", path);
            var imagePart = FromUrl(url, null, path, "url");
            path.Pop();
            return imagePart;
        }

        if (type.ValueEquals("file"u8))
        {
            var file = ReqObject(part, "file", path);
            path.Push("file");
            var data = OptString(file, "file_data", path)
                ?? throw new RequestFieldException($"{path}.file_id", $"'{path}.file_id' (uploaded files) cannot be translated; send 'file_data' as a data URL.");
            var filePart = FromUrl(data, OptString(file, "filename", path), path, "file_data");
            path.Pop();
            return filePart;
        }

        if (type.ValueEquals("input_audio"u8))
        {
            return new OpaquePart(ApiSchema.OpenAi, "input_audio", part.GetRawText(), path.ToString());
        }

        throw new RequestFieldException($"{path}.type", $"'{path}.type' has an unknown content type '{type.GetString()}'.");
    }

    /// <summary>A data URL becomes inline base64 (image or document by media type); an http(s) URL stays a URL (§7.3).</summary>
    /// <param name="path">The object holding the URL; <paramref name="member"/> names it in an error.</param>
    private static ContentPart FromUrl(string url, string? fileName, RequestPath path, string member)
    {
        if (!url.StartsWith("data:", StringComparison.Ordinal))
        {
            return new ImagePart(null, null, url);
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? string.Empty : url[5..comma];
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.Ordinal))
        {
            var field = Join(path, member);
            throw new RequestFieldException(field, $"'{field}' must be a base64 data URL (data:<media-type>;base64,<data>).");
        }

        var mediaType = header[..^7];
        var data = url[(comma + 1)..];
        return mediaType.StartsWith("image/", StringComparison.Ordinal)
            ? new ImagePart(mediaType, data, null)
            : new DocumentPart(mediaType, data, null, null, fileName);
    }

    private static PartList ReadAssistant(JsonElement message, RequestPath path, ReadOnlyMemory<byte> body)
    {
        var parts = t_scratch!.AssistantParts;
        if (OptArray(message, "thinking_blocks", path) is { } blocks)
        {
            var blockIndex = 0;
            foreach (var block in blocks.EnumerateArray())
            {
                path.Push("thinking_blocks", blockIndex++);
                RequireObject(block, path);
                var type = ReqStringElement(block, "type", path);
                parts.Add(type.ValueEquals("thinking"u8)
                    ? new ThinkingPart(OptString(block, "thinking", path) ?? string.Empty, OptString(block, "signature", path))
                    : type.ValueEquals("redacted_thinking"u8)
                        ? new RedactedThinkingPart(ReqString(block, "data", path))
                        : throw new RequestFieldException($"{path}.type", $"'{path}.type' '{type.GetString()}' is not supported."));
                path.Pop();
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
                foreach (var part in ReadUserContent(message, path, body))
                {
                    parts.Add(part);
                }
            }
        }

        if (OptArray(message, "tool_calls", path) is { } calls)
        {
            var callIndex = 0;
            foreach (var call in calls.EnumerateArray())
            {
                path.Push("tool_calls", callIndex++);
                RequireObject(call, path);
                var function = ReqObject(call, "function", path);
                var id = ReqStringElement(call, "id", path);
                path.Push("function");
                var name = ReqStringElement(function, "name", path);
                parts.Add(ToolCallPart.FromJson(id, name, OptStringElement(function, "arguments", path), body));
                path.Pop();
                path.Pop();
            }
        }

        return Drain(parts);
    }

    /// <returns>Null when absent (the request shares an empty list).</returns>
    private static List<string>? ReadStop(JsonElement root)
    {
        if (!Has(root, "stop", out var stop))
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            throw Wrong("", "stop", "a string or an array of strings");
        }

        var list = new List<string>(stop.GetArrayLength());
        foreach (var item in stop.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong("", "stop", "a string or an array of strings"));
        }

        return list;
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
            var type = ReqStringElement(tool, "type", path);
            if (!type.ValueEquals("function"u8))
            {
                tools[index++] = new ToolDefinition(OptString(tool, "name", path) ?? type.GetString()!, null, null) { RawJson = tool.GetRawText(), Origin = ApiSchema.OpenAi };
                path.Pop();
                continue;
            }

            var function = ReqObject(tool, "function", path);
            path.Push("function");
            var name = ReqStringElement(function, "name", path);
            var description = OptStringElement(function, "description", path);
            var parameters = OptObject(function, "parameters", path);
            tools[index++] = ToolDefinition.FromJson(name, description, parameters, body, OptBool(function, "strict", path), cache: null);
            path.Pop();
            path.Pop();
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
                "auto" => ToolChoice.Auto,
                "none" => ToolChoice.None,
                "required" => ToolChoice.Required,
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

    private sealed class Scratch
    {
        public List<ChatMessage> Messages { get; } = new(16);

        public List<TextPart> System { get; } = new(2);

        public List<ContentPart> AssistantParts { get; } = new(4);

        public List<ContentPart> ToolResults { get; } = new(4);

        public void Clear()
        {
            Messages.Clear();
            System.Clear();
            AssistantParts.Clear();
            ToolResults.Clear();
        }
    }
}
