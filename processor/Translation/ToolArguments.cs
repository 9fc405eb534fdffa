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

    /// <summary>
    /// Writes a tool call's arguments as a JSON object value, like <see cref="AsObject"/>, without making the arguments'
    /// string when they are held as a slice of the client body (issue 5): Anthropic's <c>input</c> object is copied as
    /// is; OpenAI's string token is unescaped into a stack or pooled buffer and checked there.
    /// </summary>
    public static void WriteObject(Utf8JsonWriter writer, ToolCallPart call, FieldPath path, string member)
    {
        var json = call.ArgumentsObject;
        if (!json.IsEmpty)
        {
            writer.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        var token = call.ArgumentsToken;
        if (!token.IsEmpty && TryWriteToken(writer, token))
        {
            return;
        }

        writer.WriteRawValue(AsObject(call.Arguments, path, member));
    }

    /// <returns>False when the text is neither blank ASCII nor one object: the string path decides (and reports) it.</returns>
    private static bool TryWriteToken(Utf8JsonWriter writer, ReadOnlySpan<byte> token)
    {
        var reader = new Utf8JsonReader(token);
        reader.Read();

        // Unescaping never makes the text longer than its token.
        byte[]? rented = null;
        var buffer = token.Length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(token.Length));
        try
        {
            var text = buffer[..reader.CopyString(buffer)];
            if (text.IndexOfAnyExcept(" \t\r\n"u8) < 0)
            {
                writer.WriteRawValue("{}"u8, skipInputValidation: true);
                return true;
            }

            if (!IsObject(text))
            {
                return false;
            }

            writer.WriteRawValue(text, skipInputValidation: true);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>One JSON object and nothing after it; checked with a reader over the UTF-8 bytes, no document built (issue 5).</summary>
    private static bool IsObject(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            return IsObject(buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsObject(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
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
    }
}
