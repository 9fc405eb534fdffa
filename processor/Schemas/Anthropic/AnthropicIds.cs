namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>Anthropic message ids start with <c>msg_</c>; ids from other providers get the prefix so clients that check it are happy.</summary>
internal static class AnthropicIds
{
    public static string Message(string id) => id.StartsWith("msg_", StringComparison.Ordinal) ? id : "msg_" + id;
}
