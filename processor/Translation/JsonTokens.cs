using System.Text;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Tolerant reads of one property value from a <see cref="Utf8JsonReader"/> positioned on its name, shared by the
/// stream event readers: a value of an unexpected kind is skipped, never an exception.
/// </summary>
internal static class JsonTokens
{
    /// <summary>Moves onto the value; true when it is an object (then positioned on its start), else skips it.</summary>
    public static bool StartObject(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    public static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>The string value unescaped into <paramref name="scratch"/>; empty when absent or not a string.</summary>
    public static ReadOnlyMemory<byte> ReadUtf8(ref Utf8JsonReader reader, Utf8Scratch scratch)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return scratch.Copy(ref reader);
        }

        reader.Skip();
        return default;
    }

    public static long ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return 0;
    }

    /// <summary>
    /// The value as its raw JSON text, whatever its kind (what <see cref="JsonElement.GetRawText"/> gave): provider tool
    /// input kept as written. <paramref name="json"/> is the text the reader reads.
    /// </summary>
    public static string ReadRawText(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
    }
}
