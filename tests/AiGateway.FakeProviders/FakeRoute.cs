namespace AiGateway.FakeProviders;

/// <summary>
/// Where a request goes: provider, operation (e.g. <c>chat</c>, <c>messages</c>, <c>converse-stream</c>)
/// and the model named in the path (Azure deployment or decoded Bedrock model id).
/// </summary>
internal sealed record FakeRoute(FakeProvider Provider, string Operation, string? PathModel)
{
    /// <summary>Matches the raw path; Bedrock model ids are one encoded label (§3.1), so <c>%2F</c> stays inside it.</summary>
    public static FakeRoute? Match(string method, string rawPath)
    {
        if (!HttpMethodIsPost(method))
        {
            return null;
        }

        switch (rawPath)
        {
            case "/v1/chat/completions":
                return new(FakeProvider.OpenAi, "chat", null);
            case "/v1/messages":
                return new(FakeProvider.Anthropic, "messages", null);
            case "/v1/messages/count_tokens":
                return new(FakeProvider.Anthropic, "count_tokens", null);
            default:
                break;
        }

        var segments = rawPath.Split('/');
        if (segments is ["", "openai", "deployments", var deployment, "chat", "completions"] && deployment.Length > 0)
        {
            return new(FakeProvider.AzureOpenAi, "chat", Uri.UnescapeDataString(deployment));
        }

        if (segments is ["", "guardrail", var guardrailId, "version", _, "apply"] && guardrailId.Length > 0)
        {
            return new(FakeProvider.Bedrock, Bedrock.BedrockApplyGuardrailRenderer.Operation, Uri.UnescapeDataString(guardrailId));
        }

        if (segments is ["", "model", var modelId, var operation] && modelId.Length > 0)
        {
            return new(FakeProvider.Bedrock, operation, Uri.UnescapeDataString(modelId));
        }

        return null;
    }

    private static bool HttpMethodIsPost(string method) => string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase);
}
