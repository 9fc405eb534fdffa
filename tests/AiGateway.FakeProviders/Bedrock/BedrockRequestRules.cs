using System.Text.Json.Nodes;

namespace AiGateway.FakeProviders.Bedrock;

/// <summary>
/// What Bedrock demands of each operation's body, with its ValidationException wording
/// (shared/reference/provider-apis.md §3.2, §8). Returns the status and message of a rejection, or null.
/// </summary>
internal static class BedrockRequestRules
{
    public static (int Status, string Message)? Check(string operation, JsonObject body)
    {
        switch (operation)
        {
            case "converse" or "converse-stream":
                return IsConverseMessageList(body["messages"]) ? null : (400, "The model returned the following errors: messages: Field required");
            case "invoke" or "invoke-with-response-stream":
                return ValidateInvokeBody(body);
            case "count-tokens":
                var input = body["input"];
                if (FakeRequestBody.StringOf(input?["invokeModel"]?["body"]) is { } encoded)
                {
                    var inner = TryDecode(encoded);
                    return inner is null ? (400, "Malformed input request: invokeModel.body is not base64 JSON.") : ValidateInvokeBody(inner);
                }

                return IsConverseMessageList(input?["converse"]?["messages"]) ? null : (400, "Malformed input request: input must hold invokeModel.body or converse.messages.");
            default:
                return (404, "Unknown operation " + operation + ".");
        }
    }

    /// <summary>An Anthropic Messages body minus model and stream, plus anthropic_version (§8).</summary>
    private static (int Status, string Message)? ValidateInvokeBody(JsonObject body)
    {
        foreach (var extraneous in new[] { "model", "stream" })
        {
            if (body.ContainsKey(extraneous))
            {
                return (400, $"Malformed input request: #: extraneous key [{extraneous}] is not permitted, please reformat your input and try again.");
            }
        }

        return !FakeRequestBody.IsString(body["anthropic_version"]) ? (400, "Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.")
            : !FakeRequestBody.IsInteger(body["max_tokens"]) ? (400, "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.")
            : !FakeRequestBody.IsMessageList(body["messages"]) ? (400, "Malformed input request: #: required key [messages] not found, please reformat your input and try again.")
            : null;
    }

    private static bool IsConverseMessageList(JsonNode? node) =>
        FakeRequestBody.IsMessageList(node) && node!.AsArray().All(message => message!["content"] is JsonArray);

    private static JsonObject? TryDecode(string base64)
    {
        try
        {
            return FakeRequestBody.ParseObject(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
