using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace AiGateway.Processor.Credentials;

/// <summary>
/// AWSSDK.Core's default credential chain: environment variables, the ECS task role (container credentials),
/// profiles, EC2 instance metadata. The SDK caches and refreshes temporary credentials before they expire.
/// </summary>
internal sealed class DefaultAwsCredentialSource : IAwsCredentialSource
{
    private readonly Lazy<AWSCredentials> _credentials = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials(null));

    public async ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) =>
        await _credentials.Value.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
}
