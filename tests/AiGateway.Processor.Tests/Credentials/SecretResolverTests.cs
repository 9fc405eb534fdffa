using AiGateway.Processor.Configuration;
using AiGateway.Processor.Credentials;
using AiGateway.Processor.Tests.Infrastructure;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Processor.Tests.Credentials;

public sealed class SecretResolverTests
{
    private const string Arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/aigw/anthropic-AbCdEf";

    [Fact]
    public async Task GetSecretString_SignedJson11Request_ReturnsTheSecret()
    {
        await using var fake = await FakeSecretsManager.StartAsync();
        fake.Secrets[Arn] = "sk-ant-from-secrets-manager";
        var client = NewClient(fake, TimeProvider.System);

        var secret = await client.GetSecretStringAsync(Arn, CancellationToken.None).WaitAsync(TestProcessor.Timeout);

        Assert.Equal("sk-ant-from-secrets-manager", secret);
        Assert.Empty(fake.Rejections);
    }

    [Fact]
    public async Task GetSecretString_UnknownSecret_NamesTheAwsErrorType()
    {
        await using var fake = await FakeSecretsManager.StartAsync();
        var client = NewClient(fake, TimeProvider.System);

        var error = await Assert.ThrowsAsync<SecretsManagerException>(() => client.GetSecretStringAsync(Arn, CancellationToken.None).WaitAsync(TestProcessor.Timeout));

        Assert.Equal("ResourceNotFoundException", error.ErrorType);
        Assert.Contains(Arn, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecretString_WrongCredentials_AreRejectedByTheSignatureCheck()
    {
        await using var fake = await FakeSecretsManager.StartAsync();
        fake.Secrets[Arn] = "x";
        var client = new SecretsManagerClient(new HttpClient(), new FixedCredentials(new ImmutableCredentials("AKIDTEST", "wrong-secret", "test-session-token")), TimeProvider.System, _ => fake.BaseAddress);

        await Assert.ThrowsAsync<SecretsManagerException>(() => client.GetSecretStringAsync(Arn, CancellationToken.None).WaitAsync(TestProcessor.Timeout));

        Assert.Contains("signature mismatch", fake.Rejections);
    }

    [Fact]
    public async Task Resolver_CachesThenRefreshes_AndInvalidateForcesARead()
    {
        await using var fake = await FakeSecretsManager.StartAsync();
        fake.Secrets[Arn] = """{"api_key":"sk-ant-v1"}""";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var config = new TempConfig();
        using var store = new GatewayConfigStore(config.Path, time, NullLogger<GatewayConfigStore>.Instance);
        var resolver = new SecretResolver(NewClient(fake, time), store, time, NullLogger<SecretResolver>.Instance);
        var reference = new SecretReference { AwsSecret = Arn, JsonKey = "api_key" };

        Assert.Equal("sk-ant-v1", await resolver.GetAsync(reference, CancellationToken.None));
        fake.Secrets[Arn] = """{"api_key":"sk-ant-v2"}""";
        Assert.Equal("sk-ant-v1", await resolver.GetAsync(reference, CancellationToken.None));
        Assert.Equal(1, fake.Calls);

        time.Advance(SecretResolver.RefreshAfter + TimeSpan.FromSeconds(1));
        Assert.Equal("sk-ant-v2", await resolver.GetAsync(reference, CancellationToken.None));

        fake.Secrets[Arn] = """{"api_key":"sk-ant-v3"}""";
        resolver.Invalidate(reference);
        Assert.Equal("sk-ant-v3", await resolver.GetAsync(reference, CancellationToken.None));
        Assert.Equal(3, fake.Calls);
        Assert.Contains("sk-ant-v3", resolver.SecretValues());
    }

    [Fact]
    public async Task Resolver_RefreshFails_KeepsTheLastGoodValue()
    {
        await using var fake = await FakeSecretsManager.StartAsync();
        fake.Secrets[Arn] = "sk-ant-good";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var config = new TempConfig();
        using var store = new GatewayConfigStore(config.Path, time, NullLogger<GatewayConfigStore>.Instance);
        var resolver = new SecretResolver(NewClient(fake, time), store, time, NullLogger<SecretResolver>.Instance);
        var reference = new SecretReference { AwsSecret = Arn };
        await resolver.GetAsync(reference, CancellationToken.None);

        fake.Secrets.Clear();
        time.Advance(SecretResolver.RefreshAfter + TimeSpan.FromSeconds(1));

        Assert.Equal("sk-ant-good", await resolver.GetAsync(reference, CancellationToken.None));
    }

    [Theory]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:x", "eu-west-1")]
    [InlineData("arn:aws-us-gov:secretsmanager:us-gov-west-1:1:secret:a:b", "us-gov-west-1")]
    public void RegionOf_Arn_IsTheFourthField(string arn, string region) => Assert.Equal(region, SecretsManagerClient.RegionOf(arn));

    private static SecretsManagerClient NewClient(FakeSecretsManager fake, TimeProvider time) =>
        new(new HttpClient(), new FixedCredentials(FakeSecretsManager.Credentials), time, _ => fake.BaseAddress);

    private sealed class FixedCredentials(ImmutableCredentials credentials) : IAwsCredentialSource
    {
        public ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) => new(credentials);
    }
}
