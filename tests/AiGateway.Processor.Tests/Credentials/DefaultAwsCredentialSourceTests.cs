using AiGateway.Processor.Credentials;
using Amazon.Runtime;

namespace AiGateway.Processor.Tests.Credentials;

public sealed class DefaultAwsCredentialSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task GetAsync_CredentialsThatNeverExpire_AreReadOnce()
    {
        var keys = new CountingStaticCredentials();
        var source = new DefaultAwsCredentialSource(() => keys);

        var first = await source.GetAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        var second = await source.GetAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal("AKIDSTATIC", second.AccessKey);
        Assert.Same(first, second);
        Assert.Equal(1, keys.Reads);
    }

    [Fact]
    public async Task GetAsync_RefreshingCredentials_AskedEveryTime()
    {
        // The SDK refreshes these before they expire: caching them here would keep using expired keys.
        var role = new CountingRefreshingCredentials();
        var source = new DefaultAwsCredentialSource(() => role);

        await source.GetAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        await source.GetAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        await source.GetAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(3, role.Asks);
    }

    private sealed class CountingStaticCredentials : AWSCredentials
    {
        public int Reads { get; private set; }

        public override ImmutableCredentials GetCredentials()
        {
            Reads++;
            return new ImmutableCredentials("AKIDSTATIC", "secret", null);
        }
    }

    /// <summary>Credentials that are always inside their refresh window, so the SDK generates new ones per ask.</summary>
    private sealed class CountingRefreshingCredentials : RefreshingAWSCredentials
    {
        public CountingRefreshingCredentials()
        {
            PreemptExpiryTime = TimeSpan.FromMinutes(5);
        }

        public int Asks { get; private set; }

        protected override CredentialsRefreshState GenerateNewCredentials()
        {
            Asks++;
            return new(new ImmutableCredentials("ASIAROLE", "secret", "token"), DateTime.UtcNow.AddMinutes(1));
        }
    }
}
