namespace AiGateway.Processor.Translation;

/// <summary>
/// Upstream paths per provider schema (§1, §2, §3 table, §8). Bedrock model ids are one path label escaped like botocore
/// (only <c>A-Za-z0-9-._~</c> left raw, so <c>:</c> → <c>%3A</c>, <c>/</c> → <c>%2F</c>; §3.1, §7.10 item 18); SigV4 must
/// sign exactly this string.
/// </summary>
internal static class ProviderPaths
{
    /// <param name="clientBodyAsIs">The provider body is the client's body byte for byte (passthrough, nothing patched).</param>
    public static ProviderRequest For(TranslationTarget target, bool clientBodyAsIs = false) => target.Schema switch
    {
        ApiSchema.OpenAi => new("/v1/chat/completions", "application/json", target.Stream ? "text/event-stream" : "application/json") { ClientBodyAsIs = clientBodyAsIs },
        ApiSchema.AzureOpenAi => new(
            $"/openai/deployments/{Uri.EscapeDataString(target.ModelId)}/chat/completions?api-version={Uri.EscapeDataString(target.AzureApiVersion)}",
            "application/json",
            target.Stream ? "text/event-stream" : "application/json") { ClientBodyAsIs = clientBodyAsIs },
        ApiSchema.Anthropic => new("/v1/messages", "application/json", target.Stream ? "text/event-stream" : "application/json") { ClientBodyAsIs = clientBodyAsIs },
        ApiSchema.BedrockConverse => new(
            $"/model/{Uri.EscapeDataString(target.ModelId)}/{(target.Stream ? "converse-stream" : "converse")}",
            "application/json",
            target.Stream ? "application/vnd.amazon.eventstream" : "application/json") { ClientBodyAsIs = clientBodyAsIs },
        ApiSchema.BedrockInvoke => new(
            $"/model/{Uri.EscapeDataString(target.ModelId)}/{(target.Stream ? "invoke-with-response-stream" : "invoke")}",
            "application/json",
            target.Stream ? "application/vnd.amazon.eventstream" : "application/json") { ClientBodyAsIs = clientBodyAsIs },
        _ => throw new ArgumentOutOfRangeException(nameof(target), target.Schema, "Unknown provider schema."),
    };
}
