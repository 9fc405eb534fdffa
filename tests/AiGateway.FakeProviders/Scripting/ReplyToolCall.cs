namespace AiGateway.FakeProviders.Scripting;

/// <summary>
/// A tool call with its arguments as raw JSON text (an object). Without an id the fake makes one in
/// the provider's style (<c>call_</c>, <c>toolu_</c>, <c>tooluse_</c>).
/// </summary>
public sealed record ReplyToolCall(string Name, string ArgumentsJson, string? Id = null) : ReplyBlock;
