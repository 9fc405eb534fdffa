namespace AiGateway.LocalGateway;

/// <summary>What to start: the Envoy YAML the stand-in reads, the processor config, the port, and whether to use the fake providers.</summary>
public sealed record LocalGatewayOptions
{
    public required string EnvoyConfigPath { get; init; }

    public required string ProcessorConfigPath { get; init; }

    /// <summary>The stand-in's listen port (8787 like Envoy; 0 = ephemeral, for tests).</summary>
    public int Port { get; init; } = 8787;

    /// <summary>Processor ports instead of the config's (gRPC, admin); null keeps the config's.</summary>
    public (int Grpc, int Admin)? ProcessorPorts { get; init; }

    /// <summary>Serve from the embedded fake providers instead of the real ones.</summary>
    public bool UseFakeProviders { get; init; } = true;
}
