using System.Text;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// A function tool. <see cref="Schema"/> is the JSON Schema's raw JSON text as given, or null when the client sent none.
/// Read from a client body (<see cref="FromJson"/>) it keeps name, description and schema as slices of that body and
/// makes their strings only when asked (issue 5: no string per field); writers copy the slices. Equality is by value,
/// however the values are held.
/// </summary>
internal sealed record ToolDefinition
{
    // JSON string tokens (quotes and escapes included) and the schema object as written; empty when given as strings.
    private readonly ReadOnlyMemory<byte> _nameToken;
    private readonly ReadOnlyMemory<byte> _descriptionToken;
    private readonly ReadOnlyMemory<byte> _schemaJson;
    private string? _name;
    private string? _description;
    private string? _schema;

    public ToolDefinition(string name, string? description, string? schema)
    {
        _name = name;
        _description = description;
        _schema = schema;
    }

    private ToolDefinition(ReadOnlyMemory<byte> nameToken, ReadOnlyMemory<byte> descriptionToken, ReadOnlyMemory<byte> schemaJson)
    {
        _nameToken = nameToken;
        _descriptionToken = descriptionToken;
        _schemaJson = schemaJson;
    }

    public string Name
    {
        get => _name ??= BodySlice.DecodeString(_nameToken.Span);
        init => (_name, _nameToken) = (value, default);
    }

    public string? Description
    {
        get => _description ?? (_descriptionToken.IsEmpty ? null : _description = BodySlice.DecodeString(_descriptionToken.Span));
        init => (_description, _descriptionToken) = (value, default);
    }

    public string? Schema
    {
        get => _schema ?? (_schemaJson.IsEmpty ? null : _schema = Encoding.UTF8.GetString(_schemaJson.Span));
        init => (_schema, _schemaJson) = (value, default);
    }

    public bool? Strict { get; init; }

    public CacheControl? Cache { get; init; }

    /// <summary>For provider-defined (server) tools such as Anthropic web search: the tool's raw JSON, only valid for <see cref="Origin"/>.</summary>
    public string? RawJson { get; init; }

    public ApiSchema Origin { get; init; }

    /// <summary>The tool has a description (possibly empty), without making its string.</summary>
    public bool HasDescription => !_descriptionToken.IsEmpty || _description is not null;

    /// <summary>The tool has a schema, without making its string.</summary>
    public bool HasSchema => !_schemaJson.IsEmpty || _schema is not null;

    /// <summary>A description with at least one character (Bedrock rejects an empty one), without making its string.</summary>
    public bool HasNonEmptyDescription => _descriptionToken.IsEmpty ? !string.IsNullOrEmpty(_description) : _descriptionToken.Length > 2;

    /// <summary>
    /// A function tool of a document parsed from <paramref name="body"/>: a string name, an optional string description
    /// and an optional schema object, kept as slices of <paramref name="body"/> when all lie in it; <paramref name="strict"/>
    /// and <paramref name="cache"/> as given (parameters rather than a <c>with</c>, which would copy the record).
    /// </summary>
    public static ToolDefinition FromJson(JsonElement name, JsonElement? description, JsonElement? schema, ReadOnlyMemory<byte> body, bool? strict, CacheControl? cache)
    {
        ReadOnlyMemory<byte> descriptionToken = default;
        ReadOnlyMemory<byte> schemaJson = default;
        if (BodySlice.TryGet(name, body, out var nameToken)
            && (description is not { } givenDescription || BodySlice.TryGet(givenDescription, body, out descriptionToken))
            && (schema is not { } givenSchema || BodySlice.TryGet(givenSchema, body, out schemaJson)))
        {
            return new ToolDefinition(nameToken, descriptionToken, schemaJson) { Strict = strict, Cache = cache };
        }

        return new ToolDefinition(name.GetString()!, description?.GetString(), schema?.GetRawText()) { Strict = strict, Cache = cache };
    }

    // Writers prefer the client's slices even once the strings were made, so what they write never depends on whether
    // something (admission) read the value first.

    /// <summary>Writes the name as the property <paramref name="property"/>: the client's token as is, or the string.</summary>
    public void WriteName(Utf8JsonWriter writer, ReadOnlySpan<byte> property) =>
        BodySlice.WriteString(writer, property, _nameToken, _name);

    /// <summary>Writes the description as the property <paramref name="property"/> (the caller checked there is one).</summary>
    public void WriteDescription(Utf8JsonWriter writer, ReadOnlySpan<byte> property) =>
        BodySlice.WriteString(writer, property, _descriptionToken, _description);

    /// <summary>Writes the schema as a raw value: the client's object as written, the string, or <paramref name="fallback"/> when none.</summary>
    public void WriteSchema(Utf8JsonWriter writer, string fallback)
    {
        if (!_schemaJson.IsEmpty)
        {
            writer.WriteRawValue(_schemaJson.Span, skipInputValidation: true);
        }
        else
        {
            writer.WriteRawValue(_schema ?? fallback);
        }
    }

    public bool Equals(ToolDefinition? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && string.Equals(Schema, other.Schema, StringComparison.Ordinal)
        && Strict == other.Strict
        && Equals(Cache, other.Cache)
        && string.Equals(RawJson, other.RawJson, StringComparison.Ordinal)
        && Origin == other.Origin;

    public override int GetHashCode() => HashCode.Combine(Name, Description, Schema, Strict, Cache, RawJson, Origin);

    public void Deconstruct(out string name, out string? description, out string? schema) => (name, description, schema) = (Name, Description, Schema);
}
