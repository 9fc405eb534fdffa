using AiGateway.Processor.Translation;
using static AiGateway.Processor.Tests.Translation.TranslationHarness;

namespace AiGateway.Processor.Tests.Translation;

public sealed class DerivedThinkingTests
{
    [Theory]
    [InlineData("low", 8000, 1024)]
    [InlineData("medium", 8000, 2048)]
    [InlineData("high", 3000, 2999)]
    [InlineData("max", 100000, 16384)]
    public void ReasoningEffort_BecomesThinkingBudget_SamplingDropped(string effort, int maxTokens, int budget)
    {
        var body = $$"""{"model":"m","max_tokens":{{maxTokens}},"reasoning_effort":"{{effort}}","temperature":0.3,"top_p":0.97,"messages":[{"role":"user","content":"x"}]}""";
        var anthropic = Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body);
        Assert.Equal(budget, anthropic["thinking"]!["budget_tokens"]!.GetValue<int>());
        Assert.Null(anthropic["temperature"]);
        Assert.Equal(0.97, anthropic["top_p"]!.GetValue<double>());
        var bedrock = Request(ApiSchema.OpenAi, ApiSchema.BedrockConverse, body);
        Assert.Equal(budget, bedrock["additionalModelRequestFields"]!["thinking"]!["budget_tokens"]!.GetValue<int>());
        Assert.Null(bedrock["inferenceConfig"]!["temperature"]);
    }

    [Theory]
    [InlineData("\"required\"")]
    [InlineData("""{"type":"function","function":{"name":"f"}}""")]
    public void ReasoningEffort_WithForcedTool_NoThinking(string choice)
    {
        var body = """{"model":"m","reasoning_effort":"high","temperature":0.3,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":""" + choice + ""","messages":[{"role":"user","content":"x"}]}""";
        var anthropic = Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body);
        Assert.Null(anthropic["thinking"]);
        Assert.Equal(0.3, anthropic["temperature"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("none", 8000)]
    [InlineData("low", 1024)]
    public void ReasoningEffort_NoneOrTooFewTokens_NoThinking(string effort, int maxTokens)
    {
        var body = $$"""{"model":"m","max_tokens":{{maxTokens}},"reasoning_effort":"{{effort}}","messages":[{"role":"user","content":"x"}]}""";
        Assert.Null(Request(ApiSchema.OpenAi, ApiSchema.Anthropic, body)["thinking"]);
    }

    [Theory]
    [InlineData(1024, "low")]
    [InlineData(3000, "high")]
    [InlineData(20000, "max")]
    public void ThinkingBudget_BecomesReasoningEffortForOpenAi(int budget, string effort)
    {
        var body = $$"""{"model":"m","max_tokens":30000,"thinking":{"type":"enabled","budget_tokens":{{budget}}},"messages":[{"role":"user","content":"x"}]}""";
        Assert.Equal(effort, Request(ApiSchema.Anthropic, ApiSchema.OpenAi, body)["reasoning_effort"]!.GetValue<string>());
    }
}
