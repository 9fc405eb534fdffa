using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;
using static AiGateway.Processor.Tests.Translation.TranslationHarness;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>One test per item of shared/reference/provider-apis.md §7.10, named after it.</summary>
public sealed class PitfallChecklistTests
{
    private const string Hi = """{"role":"user","content":"Hi"}""";

    [Fact]
    public void Pitfall01_AnthropicRequiresMaxTokens_ConfiguredDefaultIsSent()
    {
        var body = $$"""{"model":"m","messages":[{{Hi}}]}""";
        Assert.Equal(4096, Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body)["max_tokens"]!.GetValue<int>());
        Assert.Equal(1234, Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body, t => t with { DefaultMaxTokens = 1234 })["max_tokens"]!.GetValue<int>());
        Assert.Equal(1234, Request(ApiSchema.OpenAi, ApiSchema.BedrockInvoke, body, t => t with { DefaultMaxTokens = 1234 })["max_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("bedrock-converse")]
    [InlineData("bedrock-invoke")]
    public void Pitfall02_TemperatureAboveOne_Rejected400(string providerName)
    {
        var provider = Schema(providerName);
        var error = RequestError(ApiSchema.OpenAi, provider, $$"""{"model":"m","temperature":1.5,"messages":[{{Hi}}]}""");
        Assert.Equal(400, error.Status);
        Assert.Equal("temperature", error.Param);
        Assert.Null(TryRequest(ApiSchema.OpenAi, provider, $$"""{"model":"m","temperature":1,"messages":[{{Hi}}]}""", out _, out _));
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("bedrock-converse")]
    public void Pitfall03_NAboveOne_Rejected400InOpenAiFormat(string providerName)
    {
        var provider = Schema(providerName);
        var error = RequestError(ApiSchema.OpenAi, provider, $$"""{"model":"m","n":2,"messages":[{{Hi}}]}""");
        Assert.Equal(400, error.Status);
        var rendered = new PooledBufferWriter();
        SchemaCodecs.ErrorWriter(ApiSchema.OpenAi).Write(error, rendered);
        var json = JsonNode.Parse(Encoding.UTF8.GetString(rendered.WrittenSpan))!;
        Assert.Equal("n", json["error"]!["param"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", json["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Pitfall04_ConsecutiveSameRole_MergedForBedrock()
    {
        var body = """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"user","content":[{"type":"text","text":"b"}]},{"role":"assistant","content":"c"},{"role":"assistant","content":"d"},{"role":"user","content":"e"}]}""";
        var messages = Request(ApiSchema.Anthropic, ApiSchema.BedrockConverse, body)["messages"]!.AsArray();
        Assert.Equal(3, messages.Count);
        Assert.Equal("""[{"text":"a"},{"text":"b"}]""", messages[0]!["content"]!.ToJsonString());
        Assert.Equal("""[{"text":"c"},{"text":"d"}]""", messages[1]!["content"]!.ToJsonString());
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("bedrock-converse")]
    public void Pitfall05_ConsecutiveToolMessages_BecomeOneUserMessage(string providerName)
    {
        var provider = Schema(providerName);
        var body = """
            {"model":"m","max_tokens":10,"tools":[{"type":"function","function":{"name":"f"}}],"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"c2","type":"function","function":{"name":"f","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"r1"},
              {"role":"tool","tool_call_id":"c2","content":"r2"}]}
            """;
        var messages = Request(ApiSchema.OpenAi, provider, body)["messages"]!.AsArray();
        Assert.Equal(3, messages.Count);
        var results = messages[2]!["content"]!.AsArray();
        Assert.Equal(2, results.Count);
        var key = provider == ApiSchema.Anthropic ? "tool_use_id" : "toolUseId";
        var first = provider == ApiSchema.Anthropic ? results[0]! : results[0]!["toolResult"]!;
        var second = provider == ApiSchema.Anthropic ? results[1]! : results[1]!["toolResult"]!;
        Assert.Equal("c1", first[key]!.GetValue<string>());
        Assert.Equal("c2", second[key]!.GetValue<string>());
    }

    [Fact]
    public void Pitfall06_ToolUse_AnsweredByToolResultInTheVeryNextMessage()
    {
        var body = """
            {"model":"m","messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":"ok","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"r1"},
              {"role":"user","content":"and?"}]}
            """;
        var messages = Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body)["messages"]!.AsArray();
        Assert.Equal("assistant", messages[1]!["role"]!.GetValue<string>());
        Assert.Equal("tool_use", messages[1]!["content"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("user", messages[2]!["role"]!.GetValue<string>());
        Assert.Equal("tool_result", messages[2]!["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("c1", messages[2]!["content"]![0]!["tool_use_id"]!.GetValue<string>());
    }

    [Fact]
    public void Pitfall07_BedrockToolConfig_PresentWhenHistoryHasToolBlocks()
    {
        var body = """
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"done"}]}]}
            """;
        var toolConfig = Request(ApiSchema.Anthropic, ApiSchema.BedrockConverse, body)["toolConfig"];
        Assert.NotNull(toolConfig);
        Assert.Single(toolConfig!["tools"]!.AsArray());
        Assert.Null(toolConfig["toolChoice"]);

        var withNone = body.Replace("\"max_tokens\":10,", "\"max_tokens\":10,\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"none\"},", StringComparison.Ordinal);
        var noneConfig = Request(ApiSchema.Anthropic, ApiSchema.BedrockConverse, withNone)["toolConfig"];
        Assert.Equal("f", noneConfig!["tools"]![0]!["toolSpec"]!["name"]!.GetValue<string>());
        Assert.Null(noneConfig["toolChoice"]);

        var noHistory = $$$"""{"model":"m","max_tokens":10,"tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"none"},"messages":[{{{Hi}}}]}""";
        Assert.Null(Request(ApiSchema.Anthropic, ApiSchema.BedrockConverse, noHistory)["toolConfig"]);
    }

    [Theory]
    [InlineData("\"required\"", """{"any":{}}""")]
    [InlineData("\"auto\"", """{"auto":{}}""")]
    [InlineData("""{"type":"function","function":{"name":"f"}}""", """{"tool":{"name":"f"}}""")]
    public void Pitfall08_BedrockToolChoice_IsCamelCase(string openAiChoice, string expected)
    {
        var body = $$$"""{"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{{{openAiChoice}}},"messages":[{{{Hi}}}]}""";
        var toolConfig = Request(ApiSchema.OpenAi, ApiSchema.BedrockConverse, body)["toolConfig"]!;
        Assert.Null(toolConfig["tool_choice"]);
        Assert.Equal(expected, toolConfig["toolChoice"]!.ToJsonString());
    }

    [Fact]
    public void Pitfall09_ArgumentsString_BecomesInputObject_AndBack()
    {
        var openAi = """{"model":"m","messages":[{"role":"user","content":"go"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"x\":[1,2]}"}}]},{"role":"tool","tool_call_id":"c1","content":"r"}]}""";
        var input = Request(ApiSchema.OpenAi, ApiSchema.Anthropic, openAi)["messages"]![1]!["content"]![0]!["input"]!;
        Assert.Equal("""{"x":[1,2]}""", input.ToJsonString());

        var anthropic = """{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"go"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{"x":[1,2]}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"r"}]}]}""";
        var arguments = Request(ApiSchema.Anthropic, ApiSchema.OpenAi, anthropic)["messages"]![1]!["tool_calls"]![0]!["function"]!["arguments"]!;
        Assert.Equal("""{"x":[1,2]}""", arguments.GetValue<string>());

        var invalid = openAi.Replace("{\\\"x\\\":[1,2]}", "not json", StringComparison.Ordinal);
        var error = RequestError(ApiSchema.OpenAi, ApiSchema.Anthropic, invalid);
        Assert.Equal(400, error.Status);
        Assert.EndsWith("function.arguments", error.Param, StringComparison.Ordinal);
    }

    [Fact]
    public void Pitfall10_OpenAiToolCallIndex_CountsToolCallsNotBlocks()
    {
        var sse = Sse(
            """{"type":"message_start","message":{"id":"m","usage":{"input_tokens":1,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{}}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{}"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":3}}""",
            """{"type":"message_stop"}""");
        var calls = Events(Stream(ApiSchema.OpenAi, ApiSchema.Anthropic, sse))
            .Select(e => e.Data["choices"]?.AsArray().FirstOrDefault()?["delta"]?["tool_calls"])
            .Where(c => c is not null)
            .ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal(0, c![0]!["index"]!.GetValue<int>()));
    }

    [Fact]
    public void Pitfall11_BedrockTextBlockWithoutStart_GetsContentBlockStartFromFirstDelta()
    {
        var frames = GoldenFiles.EncodeFrames([
            """{"event":"messageStart","payload":{"role":"assistant"}}""",
            """{"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"r"}}}}""",
            """{"event":"contentBlockStop","payload":{"contentBlockIndex":0}}""",
            """{"event":"contentBlockDelta","payload":{"contentBlockIndex":1,"delta":{"text":"t"}}}""",
            """{"event":"contentBlockStop","payload":{"contentBlockIndex":1}}""",
            """{"event":"messageStop","payload":{"stopReason":"end_turn"}}""",
            """{"event":"metadata","payload":{"usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3}}}""",
        ]);
        var events = Events(Stream(ApiSchema.Anthropic, ApiSchema.BedrockConverse, frames));
        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Event));
        Assert.Equal("thinking", events[1].Data["content_block"]!["type"]!.GetValue<string>());
        Assert.Equal("text", events[4].Data["content_block"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Pitfall12_BedrockUsageAfterStop_MessageStartZeros_MessageDeltaRealCounts()
    {
        var frames = GoldenFiles.EncodeFrames([
            """{"event":"messageStart","payload":{"role":"assistant"}}""",
            """{"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"text":"t"}}}""",
            """{"event":"contentBlockStop","payload":{"contentBlockIndex":0}}""",
            """{"event":"messageStop","payload":{"stopReason":"end_turn"}}""",
            """{"event":"metadata","payload":{"usage":{"inputTokens":11,"outputTokens":22,"totalTokens":40,"cacheReadInputTokens":7}}}""",
        ]);
        var events = Events(Stream(ApiSchema.Anthropic, ApiSchema.BedrockConverse, frames, true, out var translator));
        Assert.Equal(0, events[0].Data["message"]!["usage"]!["input_tokens"]!.GetValue<int>());
        var delta = events.Single(e => e.Event == "message_delta").Data;
        Assert.Equal("end_turn", delta["delta"]!["stop_reason"]!.GetValue<string>());
        Assert.Equal(11, delta["usage"]!["input_tokens"]!.GetValue<int>());
        Assert.Equal(22, delta["usage"]!["output_tokens"]!.GetValue<int>());
        Assert.Equal(7, delta["usage"]!["cache_read_input_tokens"]!.GetValue<int>());
        Assert.Equal(new Usage(11, 22, 7, 0, 0), translator.Usage);
        translator.Dispose();
    }

    [Fact]
    public void Pitfall13_CacheAccounting_PromptTokensIncludeCache_InputTokensExclude()
    {
        var anthropic = """{"id":"msg_1","type":"message","role":"assistant","model":"c","content":[{"type":"text","text":"x"}],"stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":100,"cache_creation_input_tokens":50}}""";
        var usage = Response(ApiSchema.OpenAi, ApiSchema.Anthropic, anthropic)["usage"]!;
        Assert.Equal(160, usage["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(100, usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>());
        Assert.Equal(165, usage["total_tokens"]!.GetValue<int>());

        var openAi = """{"id":"c","object":"chat.completion","created":1,"model":"g","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],"usage":{"prompt_tokens":160,"completion_tokens":5,"total_tokens":165,"prompt_tokens_details":{"cached_tokens":100}}}""";
        var back = Response(ApiSchema.Anthropic, ApiSchema.OpenAi, openAi)["usage"]!;
        Assert.Equal(60, back["input_tokens"]!.GetValue<int>());
        Assert.Equal(100, back["cache_read_input_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void Pitfall14_BedrockImageUrl_Rejected400NamingThePart()
    {
        var body = """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"https://e.com/a.png"}}]}]}""";
        var error = RequestError(ApiSchema.OpenAi, ApiSchema.BedrockConverse, body);
        Assert.Equal(400, error.Status);
        Assert.Equal("messages[0].content[1]", error.Param);
        Assert.Equal("https://e.com/a.png", Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body)["messages"]![0]!["content"]![1]!["source"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Pitfall15_BedrockJsonSchema_IsAString()
    {
        var body = """{"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"}}},"messages":[""" + Hi + "]}";
        var schema = Request(ApiSchema.OpenAi, ApiSchema.BedrockConverse, body)["outputConfig"]!["textFormat"]!["structure"]!["jsonSchema"]!["schema"]!;
        Assert.Equal("""{"type":"object"}""", schema.GetValue<string>());
        var native = Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body)["output_config"]!["format"]!;
        Assert.Equal("""{"type":"json_schema","schema":{"type":"object"}}""", native.ToJsonString());
    }

    [Fact]
    public void Pitfall16_ToolIds_SanitizedConsistentlyForAnthropic()
    {
        var body = """{"model":"m","messages":[{"role":"user","content":"go"},{"role":"assistant","content":null,"tool_calls":[{"id":"tooluse.a:b","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"tooluse.a:b","content":"r"}]}""";
        var messages = Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body)["messages"]!;
        Assert.Equal("tooluse_a_b", messages[1]!["content"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("tooluse_a_b", messages[2]!["content"]![0]!["tool_use_id"]!.GetValue<string>());
        var bedrock = Request(ApiSchema.OpenAi, ApiSchema.BedrockConverse, body)["messages"]!;
        Assert.Equal("tooluse.a:b", bedrock[1]!["content"]![0]!["toolUse"]!["toolUseId"]!.GetValue<string>());
    }

    [Fact]
    public void Pitfall17_ThinkingSignatures_ReplayedByteIdentical_UnsignedDropped()
    {
        const string signature = "EqQBCkYIBxgCKkAsig+/\\u003d\\u003d";
        var anthropic = $$"""{"model":"m","max_tokens":2000,"messages":[{"role":"user","content":"go"},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"{{signature}}"},{"type":"redacted_thinking","data":"RED+/="},{"type":"text","text":"x"}]},{"role":"user","content":"more"}]}""";
        var bedrock = Request(ApiSchema.Anthropic, ApiSchema.BedrockConverse, anthropic)["messages"]![1]!["content"]!;
        Assert.Equal("EqQBCkYIBxgCKkAsig+/==", bedrock[0]!["reasoningContent"]!["reasoningText"]!["signature"]!.GetValue<string>());
        Assert.Equal("RED+/=", bedrock[1]!["reasoningContent"]!["redactedContent"]!.GetValue<string>());

        var openAi = """{"model":"m","messages":[{"role":"user","content":"go"},{"role":"assistant","content":"x","thinking_blocks":[{"type":"thinking","thinking":"t","signature":"S+/="}]},{"role":"assistant","content":"y","reasoning_content":"unsigned"},{"role":"user","content":"more"}]}""";
        var messages = Request(ApiSchema.OpenAi, ApiSchema.Anthropic, openAi)["messages"]!;
        Assert.Equal("S+/=", messages[1]!["content"]![0]!["signature"]!.GetValue<string>());
        Assert.Equal("""[{"type":"text","text":"y"}]""", messages[2]!["content"]!.ToJsonString());
    }

    [Theory]
    [InlineData("bedrock-converse", false, "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0", "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse")]
    [InlineData("bedrock-converse", true, "anthropic.claude-3-5-sonnet-20240620-v1:0", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream")]
    [InlineData("bedrock-invoke", false, "anthropic.claude-3-5-sonnet-20240620-v1:0", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke")]
    [InlineData("bedrock-invoke", true, "anthropic.claude-3-5-sonnet-20240620-v1:0", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke-with-response-stream")]
    [InlineData("azure-openai", false, "gpt 4o", "/openai/deployments/gpt%204o/chat/completions?api-version=2024-10-21")]
    [InlineData("openai", true, "gpt-4o", "/v1/chat/completions")]
    [InlineData("anthropic", true, "claude", "/v1/messages")]
    public void Pitfall18_ModelIdsWithColonAndSlash_ArePathEncoded(string providerName, bool stream, string modelId, string expectedPath)
    {
        var provider = Schema(providerName);
        var request = ProviderPaths.For(new TranslationTarget(provider, modelId, stream));
        Assert.Equal(expectedPath, request.Path);
        Assert.Equal("application/json", request.ContentType);
    }

    [Fact]
    public void Pitfall19_InferenceProfileIds_UsedVerbatim()
    {
        TryRequest(ApiSchema.Anthropic, ApiSchema.BedrockInvoke, $$"""{"model":"claude-public","max_tokens":5,"messages":[{{Hi}}]}""", out var body, out var request, t => t with { ModelId = "us.anthropic.claude-sonnet-4-20250514-v1:0" });
        Assert.Equal("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke", request!.Path);
        Assert.DoesNotContain("model", JsonNode.Parse(body)!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Pitfall20_AnthropicBeta_OnlyAllowedFlagsGoToBedrockBody()
    {
        var betas = new[] { "interleaved-thinking-2025-05-14, some-unknown-beta", "advanced-tool-use-2025-11-20" };
        var body = $$"""{"model":"m","max_tokens":5,"messages":[{{Hi}}]}""";
        var invoke = Request(ApiSchema.Anthropic, ApiSchema.BedrockInvoke, body, t => t with { AnthropicBetas = betas });
        Assert.Equal("""["interleaved-thinking-2025-05-14","tool-search-tool-2025-10-19"]""", invoke["anthropic_beta"]!.ToJsonString());
        var converse = Request(ApiSchema.Anthropic, ApiSchema.BedrockConverse, body, t => t with { AnthropicBetas = betas });
        Assert.Equal("""["interleaved-thinking-2025-05-14","tool-search-tool-2025-10-19"]""", converse["additionalModelRequestFields"]!["anthropic_beta"]!.ToJsonString());
        var none = Request(ApiSchema.Anthropic, ApiSchema.BedrockInvoke, body.Replace("\"max_tokens\":5", "\"max_tokens\":5,\"anthropic_beta\":[\"bogus\"]", StringComparison.Ordinal));
        Assert.Null(none["anthropic_beta"]);
    }

    [Fact]
    public void Pitfall21_BlankTextBlocks_DroppedForBedrock()
    {
        var body = """{"model":"m","max_tokens":5,"system":" ","messages":[{"role":"user","content":[{"type":"text","text":" \n "},{"type":"text","text":"real"}]},{"role":"assistant","content":"\n"},{"role":"user","content":"next"}]}""";
        var converse = Request(ApiSchema.Anthropic, ApiSchema.BedrockConverse, body);
        Assert.Equal("""[{"text":"real"}]""", converse["messages"]![0]!["content"]!.ToJsonString());
        Assert.Equal("[]", converse["system"]!.ToJsonString());
        Assert.DoesNotContain("\"text\":\"\\n\"", converse.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pitfall22_Streams_CrcChecked_PaddingAndCommentsIgnored_DoneOnlyOnSuccess()
    {
        var frames = GoldenFiles.EncodeFrames([
            """{"event":"messageStart","payload":{"p":"abcdef","role":"assistant"}}""",
            """{"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"text":"hi"},"p":"xyz"}}""",
        ]);
        var corrupted = (byte[])frames.Clone();
        corrupted[^6] ^= 0x01;
        var output = Stream(ApiSchema.OpenAi, ApiSchema.BedrockConverse, corrupted);
        Assert.Contains("\"error\"", output, StringComparison.Ordinal);
        Assert.Contains("checksum", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", output, StringComparison.Ordinal);

        var badPrelude = (byte[])frames.Clone();
        badPrelude[3] ^= 0x01;
        Assert.Contains("prelude checksum", Stream(ApiSchema.OpenAi, ApiSchema.BedrockConverse, badPrelude), StringComparison.Ordinal);

        var sse = ": comment\n\n" + Sse(
            """{"type":"message_start","message":{"id":"m","usage":{"input_tokens":1,"output_tokens":1}}}""",
            """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}""",
            """{"type":"message_stop"}""");
        var ok = Stream(ApiSchema.OpenAi, ApiSchema.Anthropic, sse);
        Assert.EndsWith("data: [DONE]\n\n", ok, StringComparison.Ordinal);
        Assert.DoesNotContain("error", ok, StringComparison.Ordinal);
        Assert.DoesNotContain("\"p\"", Stream(ApiSchema.OpenAi, ApiSchema.BedrockConverse, frames), StringComparison.Ordinal);
    }

    private static ApiSchema Schema(string name)
    {
        Assert.True(ApiSchemaNames.TryParse(name, out var schema), name);
        return schema;
    }
}
