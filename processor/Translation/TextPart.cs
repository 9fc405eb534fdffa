using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// A text block. Read from a client body it keeps the JSON string token as a slice of that body (no copy) and makes the
/// .NET string only when <see cref="Text"/> is asked for (guardrails, joins); writers copy the token straight through
/// (issue 5: no string per field). Equality is by text and cache mark, however the text is held.
/// </summary>
internal sealed record TextPart : ContentPart
{
    private readonly ReadOnlyMemory<byte> _json;
    private string? _text;

    public TextPart(string text)
    {
        _text = text;
    }

    private TextPart(ReadOnlyMemory<byte> json)
    {
        _json = json;
    }

    public string Text => _text ??= BodySlice.DecodeString(_json.Span);

    /// <summary>
    /// The JSON string token (quotes and escapes included) when the part was read from a client body, else empty: a
    /// stable key for the text without making the string (admission's token-count cache hashes it).
    /// </summary>
    public ReadOnlySpan<byte> JsonToken => _json.Span;

    /// <summary>No characters at all (the token is <c>""</c>).</summary>
    public bool IsEmpty => _json.IsEmpty ? string.IsNullOrEmpty(_text) : _json.Length == 2;

    /// <summary>
    /// The string <paramref name="value"/> of a document parsed from <paramref name="body"/> (not copied), kept as its
    /// JSON token; a value that is not a slice of <paramref name="body"/> or not valid UTF-8 is read as a string (which
    /// fails as before on bad UTF-8).
    /// </summary>
    public static TextPart FromJson(JsonElement value, ReadOnlyMemory<byte> body) =>
        value.ValueKind == JsonValueKind.String && BodySlice.TryGet(value, body, out var token)
            ? new TextPart(token)
            : new TextPart(value.GetString()!);

    /// <summary>Empty or only whitespace (Bedrock rejects blank text blocks); decodes only when the token needs it.</summary>
    public bool IsBlank()
    {
        if (_json.IsEmpty)
        {
            return string.IsNullOrWhiteSpace(_text);
        }

        var inner = _json.Span[1..^1];
        var first = inner.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            return true;
        }

        // Any other ASCII character is not whitespace; an escape or a non-ASCII character needs the decoded text.
        return inner[first] is >= 0x80 or (byte)'\\' && string.IsNullOrWhiteSpace(Text);
    }

    /// <summary>Writes the text as the property <paramref name="name"/>: the client's token as is, or the string.</summary>
    public void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> name) => BodySlice.WriteString(writer, name, _json, _text);

    public bool Equals(TextPart? other) => other is not null && base.Equals(other) && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Text);
}
