using Amazon.Runtime;

namespace AiGateway.Processor.Credentials;

/// <summary>Current AWS credentials for signing. Production uses AWSSDK.Core's default chain; tests inject fixed ones.</summary>
internal interface IAwsCredentialSource
{
    ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken);
}
