namespace AiGateway.Processor.Translation;

/// <summary>A wire format the gateway speaks, on the client side or the provider side.</summary>
internal enum ApiSchema
{
    OpenAi,
    AzureOpenAi,
    Anthropic,
    BedrockConverse,
    BedrockInvoke,
}
