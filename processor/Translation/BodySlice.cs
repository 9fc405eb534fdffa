using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Finds a value of a document parsed from a client body inside that body, so the neutral model can keep the value's
/// JSON text as a slice (no copy, no string) and decode it only when asked (issue 5: objects per KB).
/// </summary>
internal static class BodySlice
{
    /// <summary>
    /// The raw JSON text of <paramref name="value"/> (a string token with its quotes and escapes, or an object/array as
    /// written) as a slice of <paramref name="body"/>; false when the value is not in <paramref name="body"/> or not
    /// valid UTF-8 (the caller then reads it as before, which fails as before).
    /// </summary>
    public static bool TryGet(JsonElement value, ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> slice)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var span = body.Span;
        if (raw.Length > 0 && !span.IsEmpty)
        {
            var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(span), ref MemoryMarshal.GetReference(raw));
            if (offset >= 0 && offset + raw.Length <= span.Length
                && Unsafe.AreSame(ref MemoryMarshal.GetReference(span[(int)offset..]), ref MemoryMarshal.GetReference(raw))
                && Utf8.IsValid(raw))
            {
                slice = body.Slice((int)offset, raw.Length);
                return true;
            }
        }

        slice = default;
        return false;
    }

    /// <summary>The text of a JSON string token (quotes included), unescaped.</summary>
    public static string DecodeString(ReadOnlySpan<byte> token)
    {
        var reader = new Utf8JsonReader(token);
        reader.Read();
        return reader.GetString()!;
    }

    /// <summary>
    /// Writes a string as the property <paramref name="property"/>: the client's JSON string <paramref name="token"/> as
    /// is when there is one (what was read is what goes out, whoever made the string since), else <paramref name="text"/>.
    /// </summary>
    public static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> property, ReadOnlyMemory<byte> token, string? text)
    {
        if (token.IsEmpty)
        {
            writer.WriteString(property, text);
        }
        else
        {
            writer.WritePropertyName(property);
            writer.WriteRawValue(token.Span, skipInputValidation: true);
        }
    }
}
