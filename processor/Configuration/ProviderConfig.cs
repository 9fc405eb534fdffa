namespace AiGateway.Processor.Configuration;

/// <summary>One provider account: where it is and how to authenticate to it.</summary>
internal sealed record ProviderConfig
{
    public ProviderKind Kind { get; init; }

    /// <summary>Base URL, e.g. <c>https://api.openai.com</c>. Bedrock derives it from <see cref="Region"/> when unset.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>AWS region (Bedrock).</summary>
    public string? Region { get; init; }

    /// <summary>API key reference (OpenAI, Azure OpenAI, Anthropic). Bedrock uses the AWS credential chain instead.</summary>
    public SecretReference? ApiKey { get; init; }

    /// <summary>
    /// Bedrock: the <c>anthropic-beta</c> flags forwarded in the InvokeModel/Converse body (an allow-list; Bedrock
    /// rejects flags it does not know, so others are dropped). Unset means the gateway's built-in list.
    /// </summary>
    public List<string>? AnthropicBetas { get; init; }

    /// <summary>Azure OpenAI <c>api-version</c> query value.</summary>
    public string? ApiVersion { get; init; }
}
