using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// A tool call by the assistant. <see cref="Arguments"/> is the raw JSON text exactly as received (OpenAI's string
/// content, or Anthropic/Bedrock's <c>input</c> object as written), so nothing is re-serialized on the way through.
/// Read from a client body (<see cref="FromJson"/>) it keeps the id, name and arguments as slices of that body and makes
/// their strings only when asked (issue 5: no string per field; a same-schema passthrough never asks). Equality is by
/// value, however the values are held.
/// </summary>
internal sealed record ToolCallPart : ContentPart
{
    // JSON string tokens (quotes and escapes included), or empty when the value was given as a string.
    private readonly ReadOnlyMemory<byte> _idToken;
    private readonly ReadOnlyMemory<byte> _nameToken;

    // A JSON string token (OpenAI's arguments) or, when _argumentsIsObject, the raw input object (Anthropic's input).
    private readonly ReadOnlyMemory<byte> _argumentsJson;
    private readonly bool _argumentsIsObject;
    private string? _id;
    private string? _name;
    private string? _arguments;

    public ToolCallPart(string id, string name, string arguments)
    {
        _id = id;
        _name = name;
        _arguments = arguments;
    }

    private ToolCallPart(ReadOnlyMemory<byte> idToken, ReadOnlyMemory<byte> nameToken, ReadOnlyMemory<byte> argumentsJson, bool argumentsIsObject)
    {
        _idToken = idToken;
        _nameToken = nameToken;
        _argumentsJson = argumentsJson;
        _argumentsIsObject = argumentsIsObject;
    }

    public string Id
    {
        get => _id ??= BodySlice.DecodeString(_idToken.Span);
        init => (_id, _idToken) = (value, default);
    }

    public string Name
    {
        get => _name ??= BodySlice.DecodeString(_nameToken.Span);
        init => (_name, _nameToken) = (value, default);
    }

    public string Arguments
    {
        get => _arguments ??= _argumentsIsObject ? System.Text.Encoding.UTF8.GetString(_argumentsJson.Span) : BodySlice.DecodeString(_argumentsJson.Span);
        init => (_arguments, _argumentsJson) = (value, default);
    }

    /// <summary>The id's JSON string token (escapes included) when read from a client body, else empty.</summary>
    public ReadOnlySpan<byte> IdToken => _idToken.Span;

    /// <summary>The length of <see cref="Id"/> in UTF-16 code units; makes the string only for an escaped token.</summary>
    public int IdLength =>
        _idToken.IsEmpty || _idToken.Span.Contains((byte)'\\') ? Id.Length : System.Text.Encoding.UTF8.GetCharCount(_idToken.Span[1..^1]);

    /// <summary>
    /// The arguments as the raw JSON object the client sent (Anthropic's <c>input</c>), else empty: writers that need an
    /// object copy it as is, without a string.
    /// </summary>
    public ReadOnlySpan<byte> ArgumentsObject => _argumentsIsObject ? _argumentsJson.Span : default;

    /// <summary>The arguments' JSON string token (OpenAI's, escapes included) when read from a client body, else empty.</summary>
    public ReadOnlySpan<byte> ArgumentsToken => !_argumentsIsObject ? _argumentsJson.Span : default;

    /// <summary>
    /// Id, name and arguments of a document parsed from <paramref name="body"/>: string elements (the arguments as a
    /// string, or an object when <paramref name="arguments"/> is an object), kept as slices of <paramref name="body"/>
    /// when they lie in it; absent arguments (<see langword="null"/>) are empty text.
    /// </summary>
    public static ToolCallPart FromJson(JsonElement id, JsonElement name, JsonElement? arguments, ReadOnlyMemory<byte> body)
    {
        if (BodySlice.TryGet(id, body, out var idToken) && BodySlice.TryGet(name, body, out var nameToken))
        {
            if (arguments is not { } value)
            {
                return new ToolCallPart(idToken, nameToken, default, argumentsIsObject: false) { Arguments = string.Empty };
            }

            if (BodySlice.TryGet(value, body, out var argumentsJson))
            {
                return new ToolCallPart(idToken, nameToken, argumentsJson, value.ValueKind == JsonValueKind.Object);
            }
        }

        return new ToolCallPart(
            id.GetString()!,
            name.GetString()!,
            arguments is not { } given ? string.Empty : given.ValueKind == JsonValueKind.String ? given.GetString()! : given.GetRawText());
    }

    // Writers prefer the client's token even once the string was made, so what they write never depends on whether
    // something (guardrails, admission) read the value first. ToolIds follows the same rule for Anthropic and Bedrock:
    // it copies IdToken as is whenever the token is already clean for the target.

    /// <summary>Writes the id as the property <paramref name="property"/>: the client's token as is, or the string.</summary>
    public void WriteId(Utf8JsonWriter writer, ReadOnlySpan<byte> property) => BodySlice.WriteString(writer, property, _idToken, _id);

    /// <summary>Writes the name as the property <paramref name="property"/>: the client's token as is, or the string.</summary>
    public void WriteName(Utf8JsonWriter writer, ReadOnlySpan<byte> property) => BodySlice.WriteString(writer, property, _nameToken, _name);

    /// <summary>Writes the arguments as a JSON string (OpenAI's <c>function.arguments</c>) without making the .NET string.</summary>
    public void WriteArgumentsString(Utf8JsonWriter writer, ReadOnlySpan<byte> property)
    {
        if (_argumentsJson.IsEmpty)
        {
            writer.WriteString(property, Arguments);
        }
        else if (_argumentsIsObject)
        {
            writer.WriteString(property, _argumentsJson.Span);
        }
        else
        {
            writer.WritePropertyName(property);
            writer.WriteRawValue(_argumentsJson.Span, skipInputValidation: true);
        }
    }

    public bool Equals(ToolCallPart? other) =>
        other is not null && base.Equals(other)
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Arguments, other.Arguments, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Id, Name, Arguments);

    public void Deconstruct(out string id, out string name, out string arguments) => (id, name, arguments) = (Id, Name, Arguments);
}
