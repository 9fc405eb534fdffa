namespace AiGateway.Processor.Translation;

/// <summary>A function tool. <see cref="Schema"/> is the JSON Schema's raw JSON text as given, or null when the client sent none.</summary>
internal sealed record ToolDefinition(string Name, string? Description, string? Schema)
{
    public bool? Strict { get; init; }

    public CacheControl? Cache { get; init; }

    /// <summary>For provider-defined (server) tools such as Anthropic web search: the tool's raw JSON, only valid for <see cref="Origin"/>.</summary>
    public string? RawJson { get; init; }

    public ApiSchema Origin { get; init; }
}
