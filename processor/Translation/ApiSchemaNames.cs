namespace AiGateway.Processor.Translation;

/// <summary>CLI and config spellings of <see cref="ApiSchema"/>: <c>openai</c>, <c>azure-openai</c>, <c>anthropic</c>, <c>bedrock-converse</c>, <c>bedrock-invoke</c>.</summary>
internal static class ApiSchemaNames
{
    public static bool TryParse(string? name, out ApiSchema schema)
    {
        switch (name?.ToLowerInvariant())
        {
            case "openai":
                schema = ApiSchema.OpenAi;
                return true;
            case "azure-openai" or "azure":
                schema = ApiSchema.AzureOpenAi;
                return true;
            case "anthropic":
                schema = ApiSchema.Anthropic;
                return true;
            case "bedrock-converse" or "bedrock":
                schema = ApiSchema.BedrockConverse;
                return true;
            case "bedrock-invoke":
                schema = ApiSchema.BedrockInvoke;
                return true;
            default:
                schema = default;
                return false;
        }
    }
}
