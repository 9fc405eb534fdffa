namespace AiGateway.Processor.Configuration;

/// <summary>The provider APIs the gateway can call.</summary>
internal enum ProviderKind
{
    OpenAi,
    AzureOpenAi,
    Anthropic,
    Bedrock,
}
