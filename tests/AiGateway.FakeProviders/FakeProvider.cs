namespace AiGateway.FakeProviders;

/// <summary>Which provider's wire format a request was addressed to (chosen by its path).</summary>
public enum FakeProvider
{
    OpenAi,
    AzureOpenAi,
    Anthropic,
    Bedrock,
}
