namespace AiGateway.Processor.Translation;

/// <summary>
/// Structured output: <see cref="Kind"/> is <c>json_schema</c> or <c>json_object</c>; <see cref="Schema"/> is raw JSON text.
/// </summary>
internal sealed record ResponseFormat(string Kind, string? Name, string? Description, string? Schema, bool? Strict);
