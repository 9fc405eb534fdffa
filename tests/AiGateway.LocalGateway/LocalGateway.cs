using AiGateway.EnvoyStandIn;
using AiGateway.FakeProviders;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace AiGateway.LocalGateway;

/// <summary>
/// The gateway on one machine without Envoy or Docker: the real processor (gRPC on its configured port), the Envoy
/// stand-in started from envoy/envoy.local.yaml, and, when no provider credentials are configured, the fake providers
/// with every provider cluster pointed at them.
/// </summary>
public sealed class LocalGateway : IAsyncDisposable
{
    private readonly WebApplication _processor;
    private readonly StandInHandle _standIn;

    private LocalGateway(WebApplication processor, StandInHandle standIn, FakeProviderServer? fake)
    {
        _processor = processor;
        _standIn = standIn;
        Fake = fake;
    }

    public Uri BaseAddress => _standIn.BaseAddress;

    /// <summary>The embedded fake providers, or null when real providers are used.</summary>
    public FakeProviderServer? Fake { get; }

    public WebApplication Processor => _processor;

    public static async Task<LocalGateway> StartAsync(LocalGatewayOptions options, Action<WebApplicationBuilder>? configureProcessor = null, CancellationToken cancellationToken = default)
    {
        FakeProviderServer? fake = null;
        if (options.UseFakeProviders)
        {
            fake = await FakeProviderServer.StartAsync(new FakeProviderOptions { EnableControlApi = true }, cancellationToken).ConfigureAwait(false);
            UseFakeCredentials(fake.Credentials);
        }

        var grpcPort = options.ProcessorPorts?.Grpc ?? GatewayConfigLoader.LoadFile(options.ProcessorConfigPath).Config.Server.GrpcPort;
        var processor = ProcessorHost.Build(options.ProcessorConfigPath, configure: configureProcessor, ports: options.ProcessorPorts);
        await processor.StartAsync(cancellationToken).ConfigureAwait(false);
        var standIn = await EnvoyStandIn.EnvoyStandIn.StartAsync(
            new StandInOptions
            {
                ConfigPath = options.EnvoyConfigPath,
                // Loopback only: a development gateway with an anonymous team must not be reachable from the network.
                ListenAddress = System.Net.IPAddress.Loopback,
                ListenPort = options.Port,
                ProcessorAddress = new Uri($"http://127.0.0.1:{grpcPort}"),
                UpstreamOverride = fake?.Http1Address,
                LoggerFactory = processor.Services.GetService(typeof(ILoggerFactory)) as ILoggerFactory,
            },
            cancellationToken).ConfigureAwait(false);
        return new LocalGateway(processor, standIn, fake);
    }

    public async ValueTask DisposeAsync()
    {
        await _standIn.DisposeAsync().ConfigureAwait(false);
        await _processor.StopAsync().ConfigureAwait(false);
        await _processor.DisposeAsync().ConfigureAwait(false);
        if (Fake is not null)
        {
            await Fake.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The processor reads provider keys and AWS credentials from the environment; give it the fake's test values.</summary>
    private static void UseFakeCredentials(FakeCredentials credentials)
    {
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", credentials.OpenAiApiKey);
        Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", credentials.AzureOpenAiApiKey);
        Environment.SetEnvironmentVariable("ANTHROPIC_API_KEY", credentials.AnthropicApiKey);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", credentials.AwsAccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", credentials.AwsSecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", credentials.AwsSessionToken);
        Environment.SetEnvironmentVariable("AWS_REGION", credentials.AwsRegion);
    }
}
