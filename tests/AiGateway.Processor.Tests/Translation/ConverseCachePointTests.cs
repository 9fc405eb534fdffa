using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>Issue 5 "prompt caching": where Anthropic cache marks become Converse cache points, and where they cannot.</summary>
public sealed class ConverseCachePointTests
{
    [Fact]
    public void ToolResultContent_CacheMark_IsDropped_WhileTheToolResultBlocksMarkIsKept()
    {
        const string Body = """
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"run it"},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","cache_control":{"type":"ephemeral"},
                "content":[{"type":"text","text":"out","cache_control":{"type":"ephemeral"}},{"type":"text","text":"more"}]}]}]}
            """;

        var request = TranslationHarness.Request(ApiSchema.Anthropic, ApiSchema.BedrockConverse, Body);

        // Converse's tool result content has no cachePoint member: the inner mark goes, the block's own mark follows it.
        var expected = JsonNode.Parse("""
            [{"toolResult":{"toolUseId":"toolu_1","content":[{"text":"out"},{"text":"more"}]}},{"cachePoint":{"type":"default"}}]
            """);
        var actual = request["messages"]![2]!["content"];
        Assert.True(JsonNode.DeepEquals(expected, actual), actual?.ToJsonString());
    }
}
