using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>
/// Non-streaming provider bodies are read forward-only (issue 11), not through a document: what a document lookup gave
/// for free must still hold (members in any order, unknown members of any depth, duplicate keys, escaped keys, numbers
/// that are not 64-bit integers, truncated bodies).
/// </summary>
public sealed class ResponseBodyReadingTests
{
    private const string Decoy = """
        {"usage":{"prompt_tokens":999999,"input_tokens":999999,"inputTokens":999999},"choices":[{"finish_reason":"length","message":{"content":"decoy"}}],
         "stop_reason":"max_tokens","stopReason":"max_tokens","content":[{"type":"text","text":"decoy"}],"output":{"message":{"content":[{"text":"decoy"}]}},
         "deep":[[[[{"a":[{"b":{"c":[1,2,{"usage":{"output_tokens":5}}]}}]}]]]]}
        """;

    public static TheoryData<string> Cases => GoldenResponseTests.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Response_MembersReversedAndUnknownMembersEverywhere_TranslatesAsGolden(string name)
    {
        var (client, provider) = GoldenFiles.Pair(name);
        var golden = GoldenFiles.Input("Responses", name);
        var shuffled = Encoding.UTF8.GetBytes(Reshape(JsonNode.Parse(golden)!)!.ToJsonString());

        var (expectedOutput, expectedUsage, expectedFinish) = TranslateOk(client, provider, golden);
        var (output, usage, finish) = TranslateOk(client, provider, shuffled);

        Assert.Equal(expectedUsage, usage);
        Assert.Equal(expectedFinish, finish);
        if (ExchangeTranslators.IsPassthrough(client, provider))
        {
            // Passthrough forwards the provider's bytes as they are.
            Assert.Equal(Encoding.UTF8.GetString(shuffled), output);
        }
        else
        {
            GoldenFiles.AssertJsonEqual(expectedOutput, output);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Response_EveryTruncation_IsProviderFault(string name)
    {
        var (client, provider) = GoldenFiles.Pair(name);
        var golden = GoldenFiles.Input("Responses", name);
        var end = Array.LastIndexOf(golden, (byte)'}');
        for (var length = 0; length < end; length++)
        {
            using var translator = CreateTranslator(client, provider);
            var output = new PooledBufferWriter();
            var error = translator.TranslateBody(golden.AsSpan(0, length), output);
            Assert.True(error is { Status: 502, Details: "aigw_upstream_stream_fault" }, $"{name} cut at {length}: {error?.Details ?? "no error"}");
            Assert.Equal(0, output.WrittenSpan.Length);
        }
    }

    /// <summary>A document lookup found the last of duplicate members; the forward reader keeps that (a later non-object usage clears it).</summary>
    [Theory]
    [InlineData("openai", "openai", """{"usage":{"prompt_tokens":1,"completion_tokens":1},"choices":[{"finish_reason":"length"}],"usage":{"prompt_tokens":7,"completion_tokens":3,"completion_tokens":4},"choices":[{"finish_reason":"stop","finish_reason":"tool_calls"}]}""", 7, 4, "ToolUse")]
    [InlineData("openai", "openai", """{"usage":{"prompt_tokens":9,"prompt_tokens_details":{"cached_tokens":5},"prompt_tokens_details":{}},"choices":[{"finish_reason":"stop"},{"finish_reason":"length"}]}""", 9, 0, "EndTurn")]
    [InlineData("openai", "openai", """{"usage":{"prompt_tokens":9},"usage":null,"choices":[{"finish_reason":"stop"}],"choices":{}}""", 0, 0, null)]
    [InlineData("anthropic", "anthropic", """{"stop_reason":"max_tokens","usage":{"input_tokens":1,"output_tokens":2},"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":4,"input_tokens":5}}""", 5, 4, "EndTurn")]
    [InlineData("anthropic", "bedrock-invoke", """{"usage":{"input_tokens":3,"output_tokens":4},"stop_reason":"tool_use","usage":"none"}""", 0, 0, "ToolUse")]
    [InlineData("openai", "anthropic", """{"type":"message","content":[],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":2},"stop_reason":"max_tokens","usage":{"input_tokens":6,"output_tokens":8}}""", 6, 8, "MaxTokens")]
    [InlineData("openai", "bedrock-converse", """{"output":{"message":{"content":[]}},"stopReason":"max_tokens","usage":{"inputTokens":1,"outputTokens":1},"stopReason":"end_turn","usage":{"inputTokens":2,"outputTokens":3}}""", 2, 3, "EndTurn")]
    [InlineData("anthropic", "openai", """{"choices":[{"message":{"content":"a"},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":1},"choices":[{"message":{"content":"b"},"finish_reason":"length"}],"usage":{"prompt_tokens":6,"completion_tokens":2}}""", 6, 2, "MaxTokens")]
    public void Response_DuplicateMembers_LastOneWins(string clientName, string providerName, string body, long input, long output, string? finish)
    {
        var (_, usage, finishReason) = TranslateOk(Schema(clientName), Schema(providerName), Encoding.UTF8.GetBytes(body));
        Assert.Equal(input, usage.InputTokens);
        Assert.Equal(output, usage.OutputTokens);
        Assert.Equal(finish, finishReason?.ToString());
    }

    [Fact]
    public void Response_DuplicateContent_LastOneIsTranslated()
    {
        var body = """{"choices":[{"message":{"content":"first","content":"second","tool_calls":[{"id":"c1","function":{"name":"f","arguments":"{}"}}],"tool_calls":[]},"finish_reason":"stop"}]}""";
        var client = TranslationHarness.Response(ApiSchema.Anthropic, ApiSchema.OpenAi, body);
        var content = client["content"]!.AsArray();
        Assert.Equal("second", Assert.Single(content)!["text"]!.GetValue<string>());
    }

    /// <summary>Counters that are not 64-bit integers read as 0 (a document's TryGetInt64 failed the same way); the others still count.</summary>
    [Theory]
    [InlineData("openai", "openai", """{"usage":{"prompt_tokens":12.5,"completion_tokens":99999999999999999999,"prompt_tokens_details":{"cached_tokens":1e3},"completion_tokens_details":{"reasoning_tokens":4}},"choices":[]}""", 0, 0, 0, 4)]
    [InlineData("anthropic", "openai", """{"usage":{"prompt_tokens":20,"completion_tokens":"7","prompt_tokens_details":{"cached_tokens":-0.0}},"choices":[]}""", 20, 0, 0, 0)]
    [InlineData("anthropic", "anthropic", """{"usage":{"input_tokens":1.0,"output_tokens":9223372036854775808,"cache_read_input_tokens":3,"output_tokens_details":{"thinking_tokens":true}}}""", 0, 0, 3, 0)]
    [InlineData("openai", "anthropic", """{"content":[],"usage":{"input_tokens":5,"output_tokens":2E1,"cache_read_input_tokens":null}}""", 5, 0, 0, 0)]
    [InlineData("openai", "bedrock-converse", """{"output":{"message":{"content":[]}},"usage":{"inputTokens":1.5,"outputTokens":6,"cacheReadInputTokens":[2]}}""", 0, 6, 0, 0)]
    public void Response_UsageNumbersThatAreNotIntegers_ReadAsZero(string clientName, string providerName, string body, long input, long output, long cacheRead, long reasoning)
    {
        var (_, usage, _) = TranslateOk(Schema(clientName), Schema(providerName), Encoding.UTF8.GetBytes(body));
        Assert.Equal(new Usage(input, output, cacheRead, 0, reasoning), usage);
    }

    [Theory]
    [InlineData("openai", "openai", """{"us\u0061ge":{"prompt_t\u006fkens":10,"completion_tokens":2},"choices":[{"finish_re\u0061son":"le\u006egth"}]}""", 10, 2, "MaxTokens")]
    [InlineData("anthropic", "anthropic", """{"stop_re\u0061son":"max\u005ftokens","\u0075sage":{"input_tokens":3,"output_t\u006fkens":4}}""", 3, 4, "MaxTokens")]
    [InlineData("openai", "anthropic", """{"c\u006fntent":[{"typ\u0065":"text","text":"hi"}],"stop_reason":"tool\u005fuse","usage":{"input_tokens":3,"output_tokens":4}}""", 3, 4, "ToolUse")]
    [InlineData("openai", "bedrock-converse", """{"\u006futput":{"message":{"content":[{"text":"hi"}]}},"stopR\u0065ason":"max_tokens","usage":{"inputT\u006fkens":3,"outputTokens":4}}""", 3, 4, "MaxTokens")]
    public void Response_EscapedKeysAndValues_AreRead(string clientName, string providerName, string body, long input, long output, string finish)
    {
        var (_, usage, finishReason) = TranslateOk(Schema(clientName), Schema(providerName), Encoding.UTF8.GetBytes(body));
        Assert.Equal(input, usage.InputTokens);
        Assert.Equal(output, usage.OutputTokens);
        Assert.Equal(finish, finishReason.ToString());
    }

    [Fact]
    public void Response_EscapedBlockType_KeepsTheText()
    {
        var client = TranslationHarness.Response(ApiSchema.OpenAi, ApiSchema.Anthropic, """{"content":[{"t\u0079pe":"te\u0078t","text":"caf\u00e9"}],"stop_reason":"end_turn"}""");
        Assert.Equal("café", client["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    /// <summary>Tool input is kept as the provider wrote it (raw text, as a document's GetRawText gave), whatever its kind.</summary>
    [Theory]
    [InlineData("anthropic", """{"content":[{"type":"tool_use","id":"t1","name":"f","input":{ "b" : [1, 2.50] ,"a":"\u00e9"}}],"stop_reason":"tool_use"}""", """{ "b" : [1, 2.50] ,"a":"\u00e9"}""")]
    [InlineData("bedrock-converse", """{"output":{"message":{"content":[{"toolUse":{"input":{"x":{"y":null}},"toolUseId":"t1","name":"f"}}]}},"stopReason":"tool_use"}""", """{"x":{"y":null}}""")]
    public void Response_ToolInput_KeptAsRawText(string providerName, string body, string arguments)
    {
        var client = TranslationHarness.Response(ApiSchema.OpenAi, Schema(providerName), body);
        var call = client["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal(arguments, call["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("t1", call["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("openai", "openai")]
    [InlineData("anthropic", "anthropic")]
    [InlineData("openai", "anthropic")]
    [InlineData("anthropic", "openai")]
    [InlineData("openai", "bedrock-converse")]
    public void Response_NotJson_IsProviderFault(string clientName, string providerName)
    {
        foreach (var body in new[] { ""u8.ToArray(), "<html>"u8.ToArray(), "{\"usage\":{}"u8.ToArray(), "{\"choices\":[{\"finish_reason\":\"stop\"}]"u8.ToArray() })
        {
            using var translator = CreateTranslator(Schema(clientName), Schema(providerName));
            var output = new PooledBufferWriter();
            var error = translator.TranslateBody(body, output);
            Assert.True(error is { Status: 502, Details: "aigw_upstream_stream_fault" }, $"{Convert.ToHexString(body)}: {error?.Details ?? "no error"}");
            Assert.Equal(0, output.WrittenSpan.Length);
        }
    }

    [Fact]
    public void PassthroughRequest_StreamOptions_KeepsOtherMembersAsWrittenAndSetsIncludeUsage()
    {
        var body = """{"model":"gpt-public","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_\u006fptions":{"incl\u0075de_usage":false,"x":{"a":[1, 2.50]},"incl\u0075de_obfuscation":false}}""";
        var error = TranslationHarness.TryRequest(ApiSchema.OpenAi, ApiSchema.OpenAi, body, out var output, out _);
        Assert.Null(error);
        Assert.Contains("""{"x":{"a":[1, 2.50]},"include_obfuscation":false,"include_usage":true}""", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PassthroughRequest_RepeatedStreamOptions_LastOneIsPatchedIntoEach()
    {
        var body = """{"stream_options":{"a":1},"model":"gpt-public","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"b":2}}""";
        var error = TranslationHarness.TryRequest(ApiSchema.OpenAi, ApiSchema.AzureOpenAi, body, out var output, out _);
        Assert.Null(error);
        Assert.Equal(2, output.Split("""
            "stream_options":{"b":2,"include_usage":true}
            """).Length - 1);
    }

    [Fact]
    public void PassthroughRequest_StreamOptionsNotAnObject_BecomesIncludeUsageOnly()
    {
        var body = """{"model":"gpt-public","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":null}""";
        var request = TranslationHarness.Request(ApiSchema.OpenAi, ApiSchema.OpenAi, body);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"include_usage":true}"""), request["stream_options"]));
    }

    private static (string Output, Usage Usage, FinishReason? Finish) TranslateOk(ApiSchema client, ApiSchema provider, byte[] body)
    {
        using var translator = CreateTranslator(client, provider);
        var output = new PooledBufferWriter();
        var error = translator.TranslateBody(body, output);
        Assert.True(error is null, error?.Message);
        Assert.True(translator.Completed);
        return (Encoding.UTF8.GetString(output.WrittenSpan), translator.Usage, translator.FinishReason);
    }

    private static IResponseTranslator CreateTranslator(ApiSchema client, ApiSchema provider) =>
        ExchangeTranslators.For(client, provider).CreateResponseTranslator(GoldenResponseTests.GoldenRequest(client, stream: false, includeUsage: true), GoldenFiles.Context);

    private static ApiSchema Schema(string name) => ApiSchemaNames.TryParse(name, out var schema) ? schema : throw new ArgumentException(name, nameof(name));

    /// <summary>
    /// Every object's members reversed, with an unknown member full of decoy names first and last; tool input (kept as
    /// raw text) is left alone.
    /// </summary>
    private static JsonNode? Reshape(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var reshaped = new JsonObject { ["x_unknown_first"] = JsonNode.Parse(Decoy) };
                foreach (var (key, value) in obj.Reverse())
                {
                    reshaped[key] = key == "input" ? value?.DeepClone() : Reshape(value);
                }

                reshaped["x_unknown_last"] = JsonNode.Parse(Decoy);
                return reshaped;
            case JsonArray array:
                return new JsonArray([.. array.Select(Reshape)]);
            default:
                return node?.DeepClone();
        }
    }
}
