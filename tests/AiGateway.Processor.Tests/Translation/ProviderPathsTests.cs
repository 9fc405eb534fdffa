using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class ProviderPathsTests
{
    [Fact]
    public void For_SameTarget_SharesOneRequest_AnyDifferenceGetsItsOwn()
    {
        var target = new TranslationTarget(ApiSchema.BedrockConverse, "us.anthropic.claude-sonnet-4-20250514-v1:0", Stream: false);

        var first = ProviderPaths.For(target);

        Assert.Same(first, ProviderPaths.For(target with { }));
        Assert.Equal("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse", first.Path);
        Assert.False(first.ClientBodyAsIs);
        Assert.Equal("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream", ProviderPaths.For(target with { Stream = true }).Path);
        Assert.Equal("application/vnd.amazon.eventstream", ProviderPaths.For(target with { Stream = true }).Accept);
        Assert.Equal("/model/other%2Fmodel/converse", ProviderPaths.For(target with { ModelId = "other/model" }).Path);
        Assert.Equal("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke", ProviderPaths.For(target with { Schema = ApiSchema.BedrockInvoke }).Path);
    }

    [Fact]
    public void For_ClientBodyAsIs_IsPartOfTheKey()
    {
        var target = new TranslationTarget(ApiSchema.OpenAi, "gpt-4o-mini", Stream: true);

        var patched = ProviderPaths.For(target);
        var asIs = ProviderPaths.For(target, clientBodyAsIs: true);

        Assert.False(patched.ClientBodyAsIs);
        Assert.True(asIs.ClientBodyAsIs);
        Assert.Equal(patched.Path, asIs.Path);
        Assert.Same(asIs, ProviderPaths.For(target, clientBodyAsIs: true));
    }

    [Fact]
    public void For_AzureApiVersion_IsPartOfTheKey()
    {
        var target = new TranslationTarget(ApiSchema.AzureOpenAi, "my deployment", Stream: false);

        Assert.Equal("/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21", ProviderPaths.For(target).Path);
        Assert.Equal("/openai/deployments/my%20deployment/chat/completions?api-version=2025-01-01-preview", ProviderPaths.For(target with { AzureApiVersion = "2025-01-01-preview" }).Path);
    }
}
