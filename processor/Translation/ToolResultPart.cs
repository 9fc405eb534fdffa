using System.Text;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// The result of a tool call, sent in a user turn. <see cref="Content"/> holds text, image or document parts. Read from
/// a client body (<see cref="FromJson"/>) it keeps the tool-call id as a slice of that body and makes its string only
/// when asked, as <see cref="ToolCallPart"/> does (issue 5: no string per field). Equality is by value, however the id
/// is held.
/// </summary>
internal sealed record ToolResultPart : ContentPart
{
    // The id's JSON string token (quotes and escapes included), or empty when the id was given as a string.
    private readonly ReadOnlyMemory<byte> _idToken;
    private string? _id;

    public ToolResultPart(string toolCallId, PartList content, bool isError)
    {
        _id = toolCallId;
        Content = content;
        IsError = isError;
    }

    private ToolResultPart(ReadOnlyMemory<byte> idToken, PartList content, bool isError)
    {
        _idToken = idToken;
        Content = content;
        IsError = isError;
    }

    public string ToolCallId
    {
        get => _id ??= BodySlice.DecodeString(_idToken.Span);
        init => (_id, _idToken) = (value, default);
    }

    public PartList Content { get; init; }

    public bool IsError { get; init; }

    /// <summary>The id's JSON string token (escapes included) when read from a client body, else empty.</summary>
    public ReadOnlySpan<byte> ToolCallIdToken => _idToken.Span;

    /// <summary>The length of <see cref="ToolCallId"/> in UTF-16 code units; makes the string only for an escaped token.</summary>
    public int ToolCallIdLength =>
        _idToken.IsEmpty || _idToken.Span.Contains((byte)'\\') ? ToolCallId.Length : Encoding.UTF8.GetCharCount(_idToken.Span[1..^1]);

    /// <summary>
    /// A result whose id is the string element <paramref name="id"/> of a document parsed from <paramref name="body"/>,
    /// kept as a slice of <paramref name="body"/> when it lies in it.
    /// </summary>
    public static ToolResultPart FromJson(JsonElement id, PartList content, bool isError, ReadOnlyMemory<byte> body) =>
        BodySlice.TryGet(id, body, out var idToken)
            ? new ToolResultPart(idToken, content, isError)
            : new ToolResultPart(id.GetString()!, content, isError);

    /// <summary>
    /// Writes the id as the property <paramref name="property"/>: the client's token as is, or the string. As with
    /// <see cref="ToolCallPart"/>, the token wins even once the string was made.
    /// </summary>
    public void WriteToolCallId(Utf8JsonWriter writer, ReadOnlySpan<byte> property) =>
        BodySlice.WriteString(writer, property, _idToken, _id);

    public bool Equals(ToolResultPart? other) =>
        other is not null && base.Equals(other)
        && string.Equals(ToolCallId, other.ToolCallId, StringComparison.Ordinal)
        && Content.Equals(other.Content)
        && IsError == other.IsError;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), ToolCallId, Content, IsError);

    public void Deconstruct(out string toolCallId, out PartList content, out bool isError) => (toolCallId, content, isError) = (ToolCallId, Content, IsError);
}
