using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>
/// Random valid requests in schema A → neutral → A again keep their meaning (seeded, a few hundred cases per schema):
/// the neutral form read back from the rewritten body equals the neutral form of the original, and rewriting is a
/// fixpoint.
/// </summary>
public sealed class RoundTripPropertyTests
{
    private const int Cases = 300;

    [Fact]
    public void OpenAi_RandomRequests_RoundTripKeepsMeaning()
    {
        var random = new Random(20261123);
        for (var i = 0; i < Cases; i++)
        {
            AssertRoundTrip(ApiSchema.OpenAi, RandomOpenAi(random), i);
        }
    }

    [Fact]
    public void Anthropic_RandomRequests_RoundTripKeepsMeaning()
    {
        var random = new Random(5);
        for (var i = 0; i < Cases; i++)
        {
            AssertRoundTrip(ApiSchema.Anthropic, RandomAnthropic(random), i);
        }
    }

    private static void AssertRoundTrip(ApiSchema schema, string body, int index)
    {
        var first = Read(schema, body, index);
        var rewritten = Write(schema, first);
        var second = Read(schema, rewritten, index);
        Assert.True(NeutralDump.Of(first) == NeutralDump.Of(second), $"case {index}\noriginal: {body}\nrewritten: {rewritten}\n{NeutralDump.Of(first)}\n---\n{NeutralDump.Of(second)}");
        Assert.Equal(rewritten, Write(schema, second));
    }

    private static ChatRequest Read(ApiSchema schema, string body, int index)
    {
        var error = ClientRequestParser.TryParse(schema, Encoding.UTF8.GetBytes(body), out var parsed);
        Assert.True(error is null, $"case {index}: {error?.Message}\n{body}");
        return parsed!.Chat;
    }

    private static string Write(ApiSchema schema, ChatRequest request)
    {
        var buffer = new PooledBufferWriter();
        SchemaCodecs.WriteRequest(request, new TranslationTarget(schema, request.Model, request.Stream), buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static readonly string[] Efforts = ["low", "medium", "high"];

    private static readonly string[] Words = ["hello", "wörld", "😀", "a \"quoted\" word", "line\nbreak", "tab\t", "<b>", "ünïcödé", "x"];

    private static string Text(Random r) => string.Join(' ', Enumerable.Range(0, r.Next(1, 4)).Select(_ => Words[r.Next(Words.Length)]));

    private static JsonObject Arguments(Random r) => new() { ["q"] = Text(r), ["n"] = r.Next(100), ["flag"] = r.Next(2) == 0, ["list"] = new JsonArray(1, "two", null) };

    private static JsonObject Schema(Random r) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["q"] = new JsonObject { ["type"] = "string", ["description"] = Text(r) } },
        ["required"] = new JsonArray("q"),
    };

    private static string RandomOpenAi(Random r)
    {
        var messages = new JsonArray();
        for (var s = r.Next(3); s > 0; s--)
        {
            messages.Add(new JsonObject { ["role"] = r.Next(2) == 0 ? "system" : "developer", ["content"] = r.Next(2) == 0 ? Text(r) : new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Text(r) }) });
        }

        var callId = 0;
        for (var turn = r.Next(1, 4); turn > 0; turn--)
        {
            messages.Add(OpenAiUser(r));
            var calls = r.Next(3);
            var assistant = new JsonObject { ["role"] = "assistant" };
            assistant["content"] = calls > 0 && r.Next(2) == 0 ? null : Text(r);
            if (calls > 0)
            {
                var array = new JsonArray();
                for (var c = 0; c < calls; c++)
                {
                    array.Add(new JsonObject { ["id"] = $"call_{callId + c}", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "tool_" + c, ["arguments"] = Arguments(r).ToJsonString() } });
                }

                assistant["tool_calls"] = array;
            }

            messages.Add(assistant);
            for (var c = 0; c < calls; c++)
            {
                messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = $"call_{callId + c}", ["content"] = Text(r) });
            }

            callId += calls;
        }

        messages.Add(OpenAiUser(r));
        var stream = r.Next(2) == 0;
        var body = new JsonObject { ["model"] = "gpt-" + r.Next(5), ["messages"] = messages };
        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        Maybe(r, () => body[r.Next(2) == 0 ? "max_tokens" : "max_completion_tokens"] = r.Next(1, 9000));
        Maybe(r, () => body["temperature"] = Math.Round(r.NextDouble() * 2, 2));
        Maybe(r, () => body["top_p"] = Math.Round(r.NextDouble(), 2));
        Maybe(r, () => body["n"] = r.Next(1, 3));
        Maybe(r, () => body["stop"] = r.Next(2) == 0 ? "END" : new JsonArray("A", "B"));
        Maybe(r, () => body["user"] = "user-" + r.Next(100));
        Maybe(r, () => body["reasoning_effort"] = Efforts[r.Next(3)]);
        Maybe(r, () => body["response_format"] = r.Next(2) == 0
            ? new JsonObject { ["type"] = "json_object" }
            : new JsonObject { ["type"] = "json_schema", ["json_schema"] = new JsonObject { ["name"] = "out", ["schema"] = Schema(r), ["strict"] = true } });
        if (r.Next(2) == 0)
        {
            body["tools"] = new JsonArray(
                new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "tool_0", ["description"] = Text(r), ["parameters"] = Schema(r) } },
                new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "tool_1" } });
            Maybe(r, () => body["tool_choice"] = r.Next(4) switch
            {
                0 => "auto",
                1 => "none",
                2 => "required",
                _ => new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "tool_1" } },
            });
            Maybe(r, () => body["parallel_tool_calls"] = r.Next(2) == 0);
        }

        return body.ToJsonString();
    }

    private static JsonObject OpenAiUser(Random r)
    {
        if (r.Next(3) == 0)
        {
            return new JsonObject { ["role"] = "user", ["content"] = Text(r) };
        }

        var parts = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = Text(r) } };
        Maybe(r, () => parts.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64,iVBORw0KGgo=" } }));
        Maybe(r, () => parts.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "https://example.com/" + r.Next(9) + ".png" } }));
        Maybe(r, () => parts.Add(new JsonObject { ["type"] = "file", ["file"] = new JsonObject { ["file_data"] = "data:application/pdf;base64,JVBERi0=", ["filename"] = "f.pdf" } }));
        return new JsonObject { ["role"] = "user", ["content"] = parts };
    }

    private static string RandomAnthropic(Random r)
    {
        var messages = new JsonArray();
        var callId = 0;
        for (var turn = r.Next(1, 4); turn > 0; turn--)
        {
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = r.Next(3) == 0 ? Text(r) : AnthropicUserBlocks(r) });
            var blocks = new JsonArray();
            Maybe(r, () => blocks.Add(new JsonObject { ["type"] = "thinking", ["thinking"] = Text(r), ["signature"] = "sig+/=" + r.Next(1000) }));
            Maybe(r, () => blocks.Add(new JsonObject { ["type"] = "redacted_thinking", ["data"] = "RED" + r.Next(1000) }));
            blocks.Add(new JsonObject { ["type"] = "text", ["text"] = Text(r) });
            var calls = r.Next(3);
            for (var c = 0; c < calls; c++)
            {
                blocks.Add(new JsonObject { ["type"] = "tool_use", ["id"] = $"toolu_{callId + c}", ["name"] = "tool_" + c, ["input"] = Arguments(r) });
            }

            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = blocks });
            if (calls > 0)
            {
                var results = new JsonArray();
                for (var c = 0; c < calls; c++)
                {
                    var result = new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = $"toolu_{callId + c}", ["content"] = r.Next(2) == 0 ? Text(r) : new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Text(r) }) };
                    Maybe(r, () => result["is_error"] = true);
                    Maybe(r, () => result["cache_control"] = new JsonObject { ["type"] = "ephemeral" });
                    results.Add(result);
                }

                messages.Add(new JsonObject { ["role"] = "user", ["content"] = results });
            }

            callId += calls;
        }

        var body = new JsonObject { ["model"] = "claude-" + r.Next(5), ["max_tokens"] = r.Next(1, 20000), ["messages"] = messages };
        Maybe(r, () => body["system"] = r.Next(2) == 0
            ? Text(r)
            : new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Text(r), ["cache_control"] = new JsonObject { ["type"] = "ephemeral", ["ttl"] = "1h" } }, new JsonObject { ["type"] = "text", ["text"] = Text(r) }));
        Maybe(r, () => body["stream"] = true);
        Maybe(r, () => body["temperature"] = Math.Round(r.NextDouble(), 2));
        Maybe(r, () => body["top_p"] = Math.Round(r.NextDouble(), 2));
        Maybe(r, () => body["top_k"] = r.Next(1, 500));
        Maybe(r, () => body["stop_sequences"] = new JsonArray("###", "END"));
        Maybe(r, () => body["metadata"] = new JsonObject { ["user_id"] = "u" + r.Next(100) });
        Maybe(r, () => body["thinking"] = r.Next(3) switch
        {
            0 => new JsonObject { ["type"] = "enabled", ["budget_tokens"] = r.Next(1024, 4000) },
            1 => new JsonObject { ["type"] = "adaptive" },
            _ => new JsonObject { ["type"] = "disabled" },
        });
        Maybe(r, () => body["output_config"] = r.Next(2) == 0
            ? new JsonObject { ["effort"] = "high" }
            : new JsonObject { ["effort"] = "low", ["format"] = new JsonObject { ["type"] = "json_schema", ["schema"] = Schema(r) } });
        if (r.Next(2) == 0)
        {
            body["tools"] = new JsonArray(
                new JsonObject { ["name"] = "tool_0", ["description"] = Text(r), ["input_schema"] = Schema(r), ["cache_control"] = new JsonObject { ["type"] = "ephemeral" } },
                new JsonObject { ["name"] = "tool_1", ["input_schema"] = new JsonObject { ["type"] = "object" } });
            Maybe(r, () =>
            {
                var choice = r.Next(4) switch
                {
                    0 => new JsonObject { ["type"] = "auto" },
                    1 => new JsonObject { ["type"] = "none" },
                    2 => new JsonObject { ["type"] = "any" },
                    _ => new JsonObject { ["type"] = "tool", ["name"] = "tool_1" },
                };
                if (choice["type"]!.GetValue<string>() != "none")
                {
                    Maybe(r, () => choice["disable_parallel_tool_use"] = true);
                }

                body["tool_choice"] = choice;
            });
        }

        return body.ToJsonString();
    }

    private static JsonArray AnthropicUserBlocks(Random r)
    {
        var blocks = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = Text(r) } };
        Maybe(r, () => blocks.Add(new JsonObject { ["type"] = "image", ["source"] = new JsonObject { ["type"] = "base64", ["media_type"] = "image/jpeg", ["data"] = "/9j/4AAQ" } }));
        Maybe(r, () => blocks.Add(new JsonObject { ["type"] = "image", ["source"] = new JsonObject { ["type"] = "url", ["url"] = "https://example.com/i.png" } }));
        Maybe(r, () => blocks.Add(new JsonObject { ["type"] = "document", ["source"] = new JsonObject { ["type"] = "text", ["media_type"] = "text/plain", ["data"] = Text(r) }, ["title"] = "t" + r.Next(9) }));
        Maybe(r, () => blocks.Add(new JsonObject { ["type"] = "document", ["source"] = new JsonObject { ["type"] = "base64", ["media_type"] = "application/pdf", ["data"] = "JVBERi0=" } }));
        Maybe(r, () => blocks.Add(new JsonObject { ["type"] = "text", ["text"] = Text(r), ["cache_control"] = new JsonObject { ["type"] = "ephemeral", ["ttl"] = "5m" } }));
        return blocks;
    }

    private static void Maybe(Random r, Action action)
    {
        if (r.Next(2) == 0)
        {
            action();
        }
    }
}
