namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>OpenAI completion ids start with <c>chatcmpl-</c>; ids from other providers get the prefix.</summary>
internal static class OpenAiIds
{
    public static string Completion(string id) => id.StartsWith("chatcmpl-", StringComparison.Ordinal) ? id : "chatcmpl-" + id;
}
