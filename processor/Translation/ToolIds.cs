using System.Buffers;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Tool-call ids are rewritten deterministically to the target's character set (§2.2, §3.2, §7.10 item 16), so a
/// <c>tool_use.id</c> and the <c>tool_result.tool_use_id</c> that answers it always stay equal. The writers copy a
/// client's id token as is when it is already clean for the target (the usual case: no string per id, issue 5) and
/// otherwise write what the string path gives, so the output is the same byte for byte either way.
/// </summary>
internal static class ToolIds
{
    private const int BedrockMaxLength = 64;

    private static readonly SearchValues<byte> AnthropicBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"u8);

    private static readonly SearchValues<byte> BedrockBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:"u8);

    public static string ForAnthropic(string id) => Sanitize(id, allowDotColon: false, maxLength: int.MaxValue);

    public static string ForBedrock(string id) => Sanitize(id, allowDotColon: true, maxLength: BedrockMaxLength);

    /// <summary>Writes <see cref="ForAnthropic"/> of the call's id as the property <paramref name="property"/>.</summary>
    public static void WriteForAnthropic(Utf8JsonWriter writer, ReadOnlySpan<byte> property, ToolCallPart call)
    {
        if (!TryWriteAsIs(writer, property, call.IdToken, AnthropicBytes, int.MaxValue))
        {
            writer.WriteString(property, ForAnthropic(call.Id));
        }
    }

    /// <summary>Writes <see cref="ForAnthropic"/> of the result's tool-call id as the property <paramref name="property"/>.</summary>
    public static void WriteForAnthropic(Utf8JsonWriter writer, ReadOnlySpan<byte> property, ToolResultPart result)
    {
        if (!TryWriteAsIs(writer, property, result.ToolCallIdToken, AnthropicBytes, int.MaxValue))
        {
            writer.WriteString(property, ForAnthropic(result.ToolCallId));
        }
    }

    /// <summary>Writes <see cref="ForBedrock"/> of the call's id as the property <paramref name="property"/>.</summary>
    public static void WriteForBedrock(Utf8JsonWriter writer, ReadOnlySpan<byte> property, ToolCallPart call)
    {
        if (!TryWriteAsIs(writer, property, call.IdToken, BedrockBytes, BedrockMaxLength))
        {
            writer.WriteString(property, ForBedrock(call.Id));
        }
    }

    /// <summary>Writes <see cref="ForBedrock"/> of the result's tool-call id as the property <paramref name="property"/>.</summary>
    public static void WriteForBedrock(Utf8JsonWriter writer, ReadOnlySpan<byte> property, ToolResultPart result)
    {
        if (!TryWriteAsIs(writer, property, result.ToolCallIdToken, BedrockBytes, BedrockMaxLength))
        {
            writer.WriteString(property, ForBedrock(result.ToolCallId));
        }
    }

    /// <summary>
    /// Writes a client's JSON string token as is when <see cref="Sanitize"/> would return its text unchanged: not empty,
    /// within the length, every byte between the quotes allowed (so no escape and no non-ASCII, and one byte is one
    /// character). False, writing nothing, for any other token, and for an empty one (the id was given as a string).
    /// </summary>
    private static bool TryWriteAsIs(Utf8JsonWriter writer, ReadOnlySpan<byte> property, ReadOnlySpan<byte> token, SearchValues<byte> allowed, int maxLength)
    {
        if (token.Length <= 2)
        {
            return false;
        }

        var text = token[1..^1];
        if (text.Length > maxLength || text.ContainsAnyExcept(allowed))
        {
            return false;
        }

        writer.WritePropertyName(property);
        writer.WriteRawValue(token, skipInputValidation: true);
        return true;
    }

    private static string Sanitize(string id, bool allowDotColon, int maxLength)
    {
        var clean = true;
        foreach (var c in id)
        {
            if (!IsAllowed(c, allowDotColon))
            {
                clean = false;
                break;
            }
        }

        if (clean && id.Length <= maxLength && id.Length > 0)
        {
            return id;
        }

        if (id.Length == 0)
        {
            return "call_";
        }

        var chars = new char[Math.Min(id.Length, maxLength)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = IsAllowed(id[i], allowDotColon) ? id[i] : '_';
        }

        return new string(chars);
    }

    private static bool IsAllowed(char c, bool allowDotColon) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '-' || (allowDotColon && c is '.' or ':');
}
