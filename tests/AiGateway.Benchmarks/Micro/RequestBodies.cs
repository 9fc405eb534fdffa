using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// Client request bodies shaped like a coding agent's turn: a long system prompt, two tools, and a history of user
/// turns, assistant turns with tool calls and tool results. <see cref="RequestSize.Typical"/> is about 8 KB;
/// <see cref="RequestSize.Large"/> is about 200 KB in 40 messages (issue 5's two benchmark inputs).
/// </summary>
internal static class RequestBodies
{
    private const string Paragraph =
        "The service reads its configuration at start, validates every reference, and keeps an immutable snapshot that is " +
        "swapped whole on reload; requests in flight finish on the snapshot they started with. ";

    public static byte[] Create(ApiSchema client, RequestSize size, string model, bool stream = false)
    {
        var (turns, paragraphsPerMessage) = size == RequestSize.Typical ? (3, 2) : (10, 24);
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteNumber("max_tokens", 1024);
            json.WriteNumber("temperature", 0.2);
            if (stream)
            {
                json.WriteBoolean("stream", true);
                if (client != ApiSchema.Anthropic)
                {
                    json.WriteStartObject("stream_options");
                    json.WriteBoolean("include_usage", true);
                    json.WriteEndObject();
                }
            }

            if (client == ApiSchema.Anthropic)
            {
                json.WriteString("system", SystemPrompt());
                WriteAnthropicTools(json);
            }
            else
            {
                WriteOpenAiTools(json);
            }

            WriteMessages(json, client, turns, paragraphsPerMessage);

            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    private static string SystemPrompt() => "You are a careful coding assistant working in a large repository. " + Repeat(8);

    private static string Repeat(int paragraphs) => string.Concat(Enumerable.Repeat(Paragraph, paragraphs));

    private static void WriteOpenAiTools(Utf8JsonWriter json)
    {
        json.WriteStartArray("tools");
        foreach (var name in new[] { "read_file", "run_tests" })
        {
            json.WriteStartObject();
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", name);
            json.WriteString("description", "Operates on the repository the user is working in.");
            WriteSchema(json, "parameters");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteAnthropicTools(Utf8JsonWriter json)
    {
        json.WriteStartArray("tools");
        foreach (var name in new[] { "read_file", "run_tests" })
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("description", "Operates on the repository the user is working in.");
            WriteSchema(json, "input_schema");
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSchema(Utf8JsonWriter json, string property)
    {
        json.WriteStartObject(property);
        json.WriteString("type", "object");
        json.WriteStartObject("properties");
        json.WriteStartObject("path");
        json.WriteString("type", "string");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("required");
        json.WriteStringValue("path");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Per turn: user question, assistant text + tool call, the tool's result, assistant answer; then the last question.
    /// OpenAI carries the system prompt as the first message and the result as a <c>tool</c> message; Anthropic uses
    /// <c>tool_use</c> / <c>tool_result</c> content blocks.
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter json, ApiSchema client, int turns, int paragraphs)
    {
        var anthropic = client == ApiSchema.Anthropic;
        json.WriteStartArray("messages");
        if (!anthropic)
        {
            WriteText(json, "system", SystemPrompt());
        }

        for (var i = 0; i < turns; i++)
        {
            WriteText(json, "user", $"Step {i}: what does the loader do with a bad file? " + Repeat(paragraphs));
            if (anthropic)
            {
                WriteAnthropicToolTurn(json, i, paragraphs);
            }
            else
            {
                WriteOpenAiToolTurn(json, i, paragraphs);
            }

            WriteText(json, "assistant", $"Step {i} answer: the loader rejects it with a precise message. " + Repeat(paragraphs / 2));
        }

        WriteText(json, "user", "Now summarise the reload behaviour in two paragraphs.");
        json.WriteEndArray();
    }

    private static void WriteText(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }

    /// <summary>The assistant's text with a <c>tool_calls</c> entry, then the <c>tool</c> message with the result.</summary>
    private static void WriteOpenAiToolTurn(Utf8JsonWriter json, int turn, int paragraphs)
    {
        json.WriteStartObject();
        json.WriteString("role", "assistant");
        json.WriteString("content", "Let me read the loader first.");
        json.WriteStartArray("tool_calls");
        json.WriteStartObject();
        json.WriteString("id", $"call_{turn:D4}");
        json.WriteString("type", "function");
        json.WriteStartObject("function");
        json.WriteString("name", "read_file");
        json.WriteString("arguments", $"{{\"path\":\"src/Loader{turn}.cs\"}}");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject();
        json.WriteString("role", "tool");
        json.WriteString("tool_call_id", $"call_{turn:D4}");
        json.WriteString("content", Repeat(paragraphs));
        json.WriteEndObject();
    }

    /// <summary>The assistant's text and <c>tool_use</c> blocks, then the user's <c>tool_result</c> block.</summary>
    private static void WriteAnthropicToolTurn(Utf8JsonWriter json, int turn, int paragraphs)
    {
        json.WriteStartObject();
        json.WriteString("role", "assistant");
        json.WriteStartArray("content");
        json.WriteStartObject();
        json.WriteString("type", "text");
        json.WriteString("text", "Let me read the loader first.");
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "tool_use");
        json.WriteString("id", $"toolu_{turn:D4}");
        json.WriteString("name", "read_file");
        json.WriteStartObject("input");
        json.WriteString("path", $"src/Loader{turn}.cs");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject();
        json.WriteString("role", "user");
        json.WriteStartArray("content");
        json.WriteStartObject();
        json.WriteString("type", "tool_result");
        json.WriteString("tool_use_id", $"toolu_{turn:D4}");
        json.WriteString("content", Repeat(paragraphs));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
