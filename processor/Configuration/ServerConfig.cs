namespace AiGateway.Processor.Configuration;

/// <summary>How the processor listens and shuts down. Read once at start; a reload does not rebind ports.</summary>
internal sealed record ServerConfig
{
    /// <summary>Address both ports bind to. Loopback by default: the processor is a sidecar of its Envoy.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>The ext_proc gRPC port (HTTP/2 cleartext).</summary>
    public int GrpcPort { get; init; } = 50051;

    /// <summary>The admin port: <c>/healthz</c>, <c>/readyz</c> (HTTP/1.1).</summary>
    public int AdminPort { get; init; } = 8081;

    /// <summary>How long in-flight ext_proc streams may run after SIGTERM before the process exits.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest ext_proc message accepted. A BUFFERED body arrives as one message, so this bounds prompt size.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// Largest request body (prompt) the deployment accepts. Envoy buffers whole requests, so envoy.yaml's buffer
    /// limits must cover it (<c>aigw check</c> proves they do); it must stay below <see cref="MaxMessageBytes"/>.
    /// </summary>
    public int MaxPromptBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>How often the config file is checked for changes (a file watcher also triggers a check).</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(2);
}
