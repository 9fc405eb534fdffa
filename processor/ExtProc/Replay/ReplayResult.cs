namespace AiGateway.Processor.ExtProc.Replay;

/// <summary>The outcome of replaying one recording file: null <see cref="Diff"/> means the responses matched.</summary>
internal sealed record ReplayResult(string File, string? Diff, bool Updated = false)
{
    public bool Passed => Diff is null;
}
