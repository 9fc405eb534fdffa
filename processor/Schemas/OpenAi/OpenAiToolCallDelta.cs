namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>One <c>delta.tool_calls[]</c> entry of a stream chunk (§1.4): the first for a call has id and name;
/// <see cref="Arguments"/> is unescaped UTF-8 in the chunk reader's scratch.</summary>
internal readonly record struct OpenAiToolCallDelta(int Index, string? Id, string? Name, ReadOnlyMemory<byte> Arguments);
