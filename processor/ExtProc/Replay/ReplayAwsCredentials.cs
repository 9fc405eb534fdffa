using AiGateway.Processor.Credentials;
using Amazon.Runtime;

namespace AiGateway.Processor.ExtProc.Replay;

/// <summary>Fixed AWS credentials for replays: signatures are redacted in recordings, so any valid pair will do.</summary>
internal sealed class ReplayAwsCredentials : IAwsCredentialSource
{
    private static readonly ImmutableCredentials Credentials = new("AKIDREPLAY", "replay-secret-access-key", "replay-session-token");

    public ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) => new(Credentials);
}
