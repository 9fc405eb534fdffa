namespace AiGateway.FakeProviders;

/// <summary>
/// The keys the fake accepts. Test values only: they open nothing real. The AWS pair and session token
/// are the example values of shared/reference/provider-apis.md §6.3.
/// </summary>
public sealed record FakeCredentials
{
    public static FakeCredentials Default { get; } = new();

    public string OpenAiApiKey { get; init; } = "sk-fake-openai-key";

    public string AzureOpenAiApiKey { get; init; } = "fake-azure-openai-key";

    public string AnthropicApiKey { get; init; } = "sk-ant-fake-anthropic-key";

    public string AwsAccessKeyId { get; init; } = "AKIDEXAMPLE";

    public string AwsSecretAccessKey { get; init; } = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>When set, Bedrock requests must carry and sign it as <c>x-amz-security-token</c>.</summary>
    public string? AwsSessionToken { get; init; }

    public string AwsRegion { get; init; } = "us-east-1";

    /// <summary>Bedrock API key accepted as <c>Authorization: Bearer</c> instead of SigV4 (§3).</summary>
    public string BedrockApiKey { get; init; } = "fake-bedrock-api-key";
}
