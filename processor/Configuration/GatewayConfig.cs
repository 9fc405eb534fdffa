namespace AiGateway.Processor.Configuration;

/// <summary>
/// The processor's configuration file, as written by operators (docs/configuration.md documents every field).
/// Bound strictly from YAML with snake_case keys; validated by <see cref="GatewayConfigValidator"/> at load.
/// </summary>
internal sealed record GatewayConfig
{
    public ServerConfig Server { get; init; } = new();

    public RecordingConfig Recording { get; init; } = new();

    public Dictionary<string, ProviderConfig> Providers { get; init; } = [];

    public Dictionary<string, BackendConfig> Backends { get; init; } = [];

    public Dictionary<string, ModelConfig> Models { get; init; } = [];

    public IdentityConfig Identity { get; init; } = new();

    public Dictionary<string, TeamConfig> Teams { get; init; } = [];

    public BudgetsConfig Budgets { get; init; } = new();

    public TelemetryConfig Telemetry { get; init; } = new();

    public GuardrailsConfig Guardrails { get; init; } = new();
}
