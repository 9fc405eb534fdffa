using AiGateway.Processor.Translation;

namespace AiGateway.Processor.ExtProc;

/// <summary>What a stage decided: continue with the next stage, or end the exchange with an error or a local reply.</summary>
internal readonly record struct StageResult
{
    public static StageResult Continue => default;

    public GatewayError? Error { get; private init; }

    public LocalReply? Reply { get; private init; }

    public bool IsContinue => Error is null && Reply is null;

    public static StageResult Reject(GatewayError error) => new() { Error = error };

    public static StageResult Respond(LocalReply reply) => new() { Reply = reply };

    public static implicit operator ValueTask<StageResult>(StageResult result) => new(result);
}
