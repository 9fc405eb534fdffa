namespace AiGateway.FakeProviders.Scripting;

/// <summary>
/// A provider-neutral reply that the fake renders in the called provider's format, JSON or stream.
/// </summary>
public sealed record ScriptedReply
{
    public IReadOnlyList<ReplyBlock> Content { get; init; } = [];

    public ReplyUsage Usage { get; init; } = new(10, 5);

    public ReplyStopReason StopReason { get; init; } = ReplyStopReason.EndTurn;

    public ReplyFault? Fault { get; init; }

    public static ScriptedReply Text(string text) => new() { Content = [new ReplyText(text)] };

    public static ScriptedReply ToolCall(string name, string argumentsJson, string? id = null) =>
        new() { Content = [new ReplyToolCall(name, argumentsJson, id)], StopReason = ReplyStopReason.ToolUse };

    public static ScriptedReply Error(int status, string? message = null, TimeSpan? retryAfter = null) =>
        new() { Fault = new ReplyFault { Status = status, Message = message, RetryAfter = retryAfter } };

    public static ScriptedReply Failing(ReplyFault fault) => Text("This reply is scripted to fail.") with { Fault = fault };
}
