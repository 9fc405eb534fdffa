using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace AiGateway.Processor.Credentials;

/// <summary>
/// AWSSDK.Core's default credential chain: environment variables, the ECS task role (container credentials),
/// profiles, EC2 instance metadata. The SDK caches and refreshes temporary credentials before they expire; credentials
/// that never expire (environment variables, a profile's keys) are read once here, because the SDK reads them again on
/// every call (three environment variables per signed request: ≈ 1 % of the CPU per request under load,
/// docs/performance.md, "Found by profiling: session 4").
/// </summary>
internal sealed class DefaultAwsCredentialSource : IAwsCredentialSource
{
    private readonly Lazy<AWSCredentials> _credentials;
    private ImmutableCredentials? _static;

    public DefaultAwsCredentialSource()
        : this(() => DefaultAWSCredentialsIdentityResolver.GetCredentials(null))
    {
    }

    /// <param name="resolve">Finds the credentials once, at the first request (tests pass their own).</param>
    internal DefaultAwsCredentialSource(Func<AWSCredentials> resolve)
    {
        _credentials = new Lazy<AWSCredentials>(resolve);
    }

    public ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) =>
        _static is { } known ? ValueTask.FromResult(known) : ResolveAsync(cancellationToken);

    private async ValueTask<ImmutableCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        var credentials = _credentials.Value;
        var current = await credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (credentials is not RefreshingAWSCredentials)
        {
            _static = current;
        }

        return current;
    }
}
