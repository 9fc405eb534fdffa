using AiGateway.Processor.Budgets;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Credentials;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.ExtProc.Recording;
using AiGateway.Processor.Guardrails;
using AiGateway.Processor.Identity;
using AiGateway.Processor.Routing;
using AiGateway.Processor.Telemetry;
using AiGateway.Processor.Translation;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiGateway.Processor.Hosting;

/// <summary>
/// Builds the processor: the ext_proc gRPC service (HTTP/2 cleartext, for Envoy on localhost) and an admin port
/// (HTTP/1.1: <c>/healthz</c>, <c>/readyz</c>), with the stages registered in the order they run.
/// </summary>
internal static class ProcessorHost
{
    /// <summary>The host setting that keeps the default configuration files from being watched for changes.</summary>
    internal const string NoConfigReloadArgument = "--hostBuilder:reloadConfigOnChange=false";

    /// <param name="configPath">The processor's YAML config; it must load, or this throws <see cref="ConfigException"/>.</param>
    /// <param name="configure">Lets tests swap the server (TestServer) or services (TimeProvider) before building.</param>
    /// <param name="ports">Overrides the config's gRPC and admin ports (the local gateway and tests pick free ones).</param>
    public static WebApplication Build(string configPath, string[]? args = null, Action<WebApplicationBuilder>? configure = null, (int Grpc, int Admin)? ports = null)
    {
        // No appsettings.json is read for anything, but by default the host watches its content root (the working
        // directory, recursively) to reload it: every usage record written below that directory woke a watcher thread
        // (≈ 3 % of the CPU per request under load; docs/performance.md, "Found by profiling: session 4").
        var builder = WebApplication.CreateSlimBuilder([.. args ?? [], NoConfigReloadArgument]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // grpc-dotnet logs Envoy's normal END_STREAM-then-reset close with a stack trace at Information (§0.10).
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);

        // Hosting starts an Activity (and grpc-dotnet tags it at call end) for every stream whenever this category
        // is enabled at any level, even with nothing listening: ≈ 2-3 % of the CPU per request (docs/performance.md,
        // "Found by profiling: perfpipe"). It logs nothing we keep; our own spans come from GatewayTracing.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        var services = builder.Services;
        AddProcessorServices(services, configPath);
        services.AddHostedService<ConfigWatcherService>();
        services.AddHostedService<TokenizerWarmUp>();
        services.AddHostedService<DrainService>();
        services.AddHostedService<ReservationSweeper>();

        // Bad config must fail at start with its file:line message, not on the first request.
        var loaded = GatewayConfigLoader.LoadFile(configPath).Config;
        var server = loaded.Server;
        if (ports is { } chosen)
        {
            server = server with { GrpcPort = chosen.Grpc, AdminPort = chosen.Admin };
        }

        services.Configure<HostOptions>(options => options.ShutdownTimeout = server.DrainTimeout);
        services.AddGrpc(options =>
        {
            // A BUFFERED body arrives as one message (ext-proc-protocol.md §1.1); the default 4 MB is too small for prompts.
            options.MaxReceiveMessageSize = server.MaxMessageBytes;
            options.MaxSendMessageSize = server.MaxMessageBytes;
            options.EnableDetailedErrors = false;
        });
        services.AddGrpcHealthChecks().AddCheck<ConfigHealthCheck>("config");
        OpenTelemetrySetup.Add(builder, loaded.Telemetry);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = System.Net.IPAddress.Parse(server.ListenAddress);
            kestrel.Listen(address, server.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, server.AdminPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1024;
        });

        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGrpcService<ExternalProcessorService>();
        app.MapGrpcHealthChecksService();
        AdminEndpoints.Map(app);
        OpenTelemetrySetup.Map(app, loaded.Telemetry, server.AdminPort);
        return app;
    }

    /// <summary>Everything that answers ext_proc messages, without the server: shared by the host and by replay.</summary>
    internal static void AddProcessorServices(IServiceCollection services, string configPath)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new GatewayConfigStore(configPath, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<GatewayConfigStore>>()));
        AddExchangeStages(services);
        services.AddSingleton<ExchangePipeline>();
        services.AddSingleton<ActiveExchanges>();
        services.AddSingleton<ExchangeRecorder>();
        services.AddSingleton<IAwsCredentialSource, DefaultAwsCredentialSource>();
        services.AddSingleton(provider => new SecretsManagerClient(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, provider.GetRequiredService<IAwsCredentialSource>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SecretResolver>();
        services.AddSingleton<ISecretValueSource>(provider => provider.GetRequiredService<SecretResolver>());
        services.AddSingleton<ExternalProcessorService>();
        services.AddSingleton<RequestStore>();
        services.AddSingleton<IExchangeEndObserver>(provider => provider.GetRequiredService<RequestStore>());
        services.AddSingleton<ProviderAuthenticator>();
        services.AddSingleton<IProviderRequestBuilder, TranslatingRequestBuilder>();
        services.AddSingleton<GatewayKeyVerifier>();
        services.TryAddSingleton<IAlbPublicKeySource, HttpAlbPublicKeySource>();
        services.AddSingleton<AlbTokenVerifier>();
        services.AddSingleton<BudgetLedgerProvider>();
        services.AddSingleton<IExchangeEndObserver>(provider => provider.GetRequiredService<ResponseTranslationStage>());
        services.AddSingleton<ChatTokenEstimator>();
        services.AddSingleton<AdmissionSettlement>();
        services.AddSingleton<IExchangeEndObserver>(provider => provider.GetRequiredService<AdmissionSettlement>());
        services.AddSingleton<IExchangeEndObserver, UsageRecorder>();
        services.AddSingleton(provider => new BedrockGuardrailClient(new HttpClient(), provider.GetRequiredService<IAwsCredentialSource>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<BedrockGuardrailGate>();
        services.AddSingleton<UsageRecordSinks>();
        services.TryAddSingleton(new StdoutRecordSink());
        services.TryAddSingleton<IRecordContentMasker, GuardrailRecordContentMasker>();
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<IExchangeEndObserver, RequestMetricsObserver>();
        services.AddSingleton<IExchangeEndObserver>(provider => provider.GetRequiredService<AttemptTelemetryStage>());
        services.AddSingleton<IExchangeEndObserver>(provider => provider.GetRequiredService<RequestTraceStage>());
    }

    /// <summary>The stages, in the order they run within a phase (DESIGN.md §2).</summary>
    internal static void AddExchangeStages(IServiceCollection services)
    {
        services.AddSingleton<IExchangeStage, InternalHeaderStage>();
        services.AddSingleton<IExchangeStage, ClientEndpointStage>();
        services.AddSingleton<IExchangeStage, RequestIdStage>();
        services.AddSingleton<RequestTraceStage>();
        services.AddSingleton<IExchangeStage>(provider => provider.GetRequiredService<RequestTraceStage>());
        services.AddSingleton<AttemptTelemetryStage>();
        services.AddSingleton<IExchangeStage>(provider => provider.GetRequiredService<AttemptTelemetryStage>());
        services.AddSingleton<IExchangeStage, IdentityStage>();
        services.AddSingleton<IExchangeStage, ModelListStage>();
        services.AddSingleton<IExchangeStage, ModelRouteStage>();
        services.AddSingleton<IExchangeStage, ModelAccessStage>();
        services.AddSingleton<IExchangeStage, AdmissionStage>();
        services.AddSingleton<IExchangeStage, RequestGuardrailStage>();
        services.AddSingleton<IExchangeStage, UpstreamAttemptStage>();
        services.AddSingleton<AttemptRequestWriter>();
        services.AddSingleton<IExchangeStage, SingleBackendRequestStage>();
        services.AddSingleton<ResponseTranslationStage>();
        services.AddSingleton<IExchangeStage>(provider => provider.GetRequiredService<ResponseTranslationStage>());
        services.AddSingleton<IExchangeStage, ResponseGuardrailStage>();
        services.AddSingleton<IExchangeStage, ContentCaptureStage>();
        services.AddSingleton<IExchangeStage, UsageMetadataStage>();
    }
}
