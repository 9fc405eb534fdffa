using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>Tool-call arguments crossing between OpenAI's JSON string and Anthropic/Bedrock's JSON object (§7.4, §7.10 item 9).</summary>
internal static class ToolArguments
{
    private const int StackBytes = 1024;

    /// <summary>Raw arguments as a JSON object text: empty → <c>{}</c>; anything but an object → 400 naming <paramref name="member"/> of <paramref name="path"/>.</summary>
    public static string AsObject(string arguments, FieldPath path, string member)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return "{}";
        }

        if (IsObject(arguments))
        {
            return arguments;
        }

        var field = JsonFields.Join(path, member);
        throw new RequestFieldException(field, $"'{field}' must be a JSON object encoded as a string.");
    }

    /// <summary>One JSON object and nothing after it; checked with a reader over the UTF-8 bytes, no document built (issue 5).</summary>
    private static bool IsObject(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var reader = new Utf8JsonReader(buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            // The model or client produced arguments that are not JSON: reported by the caller.
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
