using AiGateway.Processor.Configuration;
using AiGateway.Processor.Routing;

namespace AiGateway.Processor.Credentials;

/// <summary>
/// The credential headers for one attempt: the provider's API key header, or AWS SigV4 over the final method, host,
/// path and body (provider-apis.md §6.1: sign only once everything is fixed; the host is the provider's, never the
/// client's).
/// </summary>
internal sealed class ProviderAuthenticator
{
    private readonly SecretResolver _secrets;
    private readonly IAwsCredentialSource _aws;
    private readonly TimeProvider _time;

    public ProviderAuthenticator(SecretResolver secrets, IAwsCredentialSource aws, TimeProvider time)
    {
        _secrets = secrets;
        _aws = aws;
        _time = time;
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(BackendTarget target, AttemptRequest request, CancellationToken cancellationToken)
    {
        var provider = target.Provider;
        switch (provider.Kind)
        {
            case ProviderKind.Bedrock:
                var query = request.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
                var signing = new AwsSigningRequest(
                    "POST",
                    target.Authority,
                    query < 0 ? request.PathAndQuery : request.PathAndQuery[..query],
                    query < 0 ? "" : request.PathAndQuery[(query + 1)..],
                    [new("content-type", request.ContentType)],
                    request.Body,
                    provider.Region!,
                    "bedrock");
                var credentials = await _aws.GetAsync(cancellationToken).ConfigureAwait(false);
                return AwsSigV4Signer.Sign(signing, credentials, _time.GetUtcNow().UtcDateTime);
            case ProviderKind.OpenAi:
                return [new("authorization", "Bearer " + await KeyAsync(provider, cancellationToken).ConfigureAwait(false))];
            case ProviderKind.AzureOpenAi:
                return [new("api-key", await KeyAsync(provider, cancellationToken).ConfigureAwait(false))];
            case ProviderKind.Anthropic:
                return [new("x-api-key", await KeyAsync(provider, cancellationToken).ConfigureAwait(false))];
            default:
                throw new InvalidOperationException($"No authentication for provider kind {provider.Kind}.");
        }
    }

    private ValueTask<string> KeyAsync(ProviderConfig provider, CancellationToken cancellationToken) =>
        _secrets.GetAsync(provider.ApiKey!, cancellationToken);
}
