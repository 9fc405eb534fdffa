namespace AiGateway.Processor.Translation;

/// <summary>
/// A client request parsed and validated once (DESIGN §2, request body phase). Immutable: every upstream attempt
/// translates from it. <see cref="Body"/> is the exact client bytes (passthrough patches them); <see cref="Chat"/> is the
/// neutral form (bridging writes it).
/// </summary>
internal sealed class ParsedRequest
{
    public ParsedRequest(ApiSchema schema, ReadOnlyMemory<byte> body, ChatRequest chat)
    {
        Schema = schema;
        Body = body;
        Chat = chat;
    }

    public ApiSchema Schema { get; }

    public ReadOnlyMemory<byte> Body { get; }

    public ChatRequest Chat { get; }

    /// <summary>The public model name the client asked for (resolved to a route by the caller).</summary>
    public string Model => Chat.Model;

    public bool Stream => Chat.Stream;

    /// <summary>max_tokens / max_completion_tokens if given (budget reservation uses it, DESIGN §4).</summary>
    public int? MaxTokens => Chat.MaxTokens;

    /// <summary>OpenAI <c>stream_options.include_usage</c>; always true for Anthropic clients.</summary>
    public bool IncludeUsage => Chat.IncludeUsage;
}
