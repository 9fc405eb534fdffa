namespace AiGateway.Processor.Translation;

/// <summary>
/// The neutral chat request every bridged translation goes through. Built once per client request and never mutated:
/// each attempt translates from it (DESIGN §2, "always from the original").
/// </summary>
internal sealed record ChatRequest
{
    public required string Model { get; init; }

    public bool Stream { get; init; }

    /// <summary>OpenAI <c>stream_options.include_usage</c>; Anthropic clients always get usage.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>
    /// OpenAI <c>stream_options</c> as written, a slice of the client body (empty when absent): same-schema passthrough
    /// patches it without scanning the body again.
    /// </summary>
    public ReadOnlyMemory<byte> StreamOptionsJson { get; init; }

    public int? MaxTokens { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public int? TopK { get; init; }

    public int? N { get; init; }

    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>System prompt blocks in order (OpenAI system/developer messages, Anthropic <c>system</c>).</summary>
    public IReadOnlyList<TextPart> System { get; init; } = [];

    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];

    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    public ToolChoice? ToolChoice { get; init; }

    /// <summary>False = one tool call at most per turn (OpenAI <c>parallel_tool_calls:false</c>, Anthropic <c>disable_parallel_tool_use</c>).</summary>
    public bool? ParallelToolCalls { get; init; }

    public ThinkingConfig? Thinking { get; init; }

    /// <summary>OpenAI <c>reasoning_effort</c>.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>Anthropic <c>output_config.effort</c> (kept apart from <see cref="ReasoningEffort"/>: it does not imply thinking).</summary>
    public string? OutputEffort { get; init; }

    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>OpenAI <c>user</c> ⇄ Anthropic <c>metadata.user_id</c>.</summary>
    public string? User { get; init; }

    /// <summary>Top-level client fields the neutral model does not carry (passthrough keeps them; bridging drops them).</summary>
    public IReadOnlyList<string> DroppedFields { get; init; } = [];
}
