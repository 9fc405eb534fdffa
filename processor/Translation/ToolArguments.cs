using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>Tool-call arguments crossing between OpenAI's JSON string and Anthropic/Bedrock's JSON object (§7.4, §7.10 item 9).</summary>
internal static class ToolArguments
{
    /// <summary>Raw arguments as a JSON object text: empty → <c>{}</c>; anything but an object → 400 naming the field.</summary>
    public static string AsObject(string arguments, string path)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return "{}";
        }

        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return arguments;
            }
        }
        catch (JsonException)
        {
            // Reported below: the model or client produced arguments that are not a JSON object.
        }

        throw new RequestFieldException(path, $"'{path}' must be a JSON object encoded as a string.");
    }
}
