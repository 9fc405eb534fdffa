namespace AiGateway.Processor.Translation;

/// <summary>
/// The path of the object a <see cref="JsonFields"/> read is on: fixed text (<c>"tool_choice"</c>, converted
/// implicitly) or the reader's current <see cref="RequestPath"/>, made into text only when an error names a field.
/// </summary>
internal readonly struct FieldPath
{
    private readonly string? _text;
    private readonly RequestPath? _segments;

    private FieldPath(string? text, RequestPath? segments)
    {
        _text = text;
        _segments = segments;
    }

    public static implicit operator FieldPath(string text) => new(text, null);

    public static implicit operator FieldPath(RequestPath segments) => new(null, segments);

    public static FieldPath FromString(string text) => text;

    public static FieldPath FromRequestPath(RequestPath segments) => segments;

    public override string ToString() => _segments?.ToString() ?? _text ?? string.Empty;
}
