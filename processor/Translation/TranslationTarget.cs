namespace AiGateway.Processor.Translation;

/// <summary>
/// Where one attempt goes: the provider schema, the provider's model id (Azure: the deployment name), whether to stream,
/// and the few per-backend settings translation needs.
/// </summary>
internal sealed record TranslationTarget(ApiSchema Schema, string ModelId, bool Stream)
{
    public const string DefaultAzureApiVersion = "2024-10-21";

    /// <summary>Azure <c>api-version</c> query value.</summary>
    public string AzureApiVersion { get; init; } = DefaultAzureApiVersion;

    /// <summary>max_tokens to send when the client gave none and the provider requires it (§7.10 item 1).</summary>
    public int DefaultMaxTokens { get; init; } = 4096;

    /// <summary>The client's <c>anthropic-beta</c> header values; Bedrock gets the allowed ones in the body (§8).</summary>
    public IReadOnlyList<string> AnthropicBetas { get; init; } = [];

    /// <summary>Bedrock: the beta flags allowed into the body (the provider's <c>anthropic_betas</c>); null = built-in list.</summary>
    public IReadOnlyCollection<string>? AllowedAnthropicBetas { get; init; }
}
