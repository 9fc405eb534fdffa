namespace AiGateway.Processor.Translation;

/// <summary>Checks for parameters that Anthropic and Bedrock cannot honour; the answer is a 400, never a silent change.</summary>
internal static class RequestLimits
{
    /// <summary>What a tool without a schema gets where a schema is required (§7.4).</summary>
    public const string EmptyObjectSchema = """{"type":"object","properties":{}}""";

    /// <summary>§7.10 item 3: n &gt; 1 has no equivalent.</summary>
    public static void RejectManyChoices(ChatRequest request)
    {
        if (request.N is > 1)
        {
            throw new RequestFieldException("n", "'n' greater than 1 is not supported by this model's provider.");
        }
    }

    /// <summary>§7.10 item 2: OpenAI allows temperature up to 2, Anthropic and Bedrock only up to 1. Rejected, not clamped.</summary>
    public static void RejectHighTemperature(ChatRequest request)
    {
        if (request.Temperature is > 1)
        {
            throw new RequestFieldException("temperature", "'temperature' must be between 0 and 1 for this model's provider.");
        }
    }
}
