namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>Kinds of OpenAI stream chunks that matter to passthrough (§1.4).</summary>
internal enum OpenAiChunkKind
{
    /// <summary>Not a chunk: <c>[DONE]</c>, an error, or malformed JSON.</summary>
    Other,

    /// <summary>A chunk with choices (content, tool calls, finish reason).</summary>
    Content,

    /// <summary>The final <c>choices:[]</c> chunk with usage, present because the gateway asked for it.</summary>
    UsageOnly,
}
