using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Routing;

/// <summary>The backend an attempt goes to: its provider (kind, endpoint, credentials) and the provider's model id.</summary>
internal sealed record BackendTarget(string BackendName, string ProviderName, ProviderConfig Provider, string ModelId)
{
    /// <summary>Bedrock: the API the backend forces (adr/007); null = chosen by client family.</summary>
    public BedrockApi? Api { get; init; }

    /// <summary>The provider's host (and port, if not the scheme's default) as it must appear in <c>:authority</c> and SigV4.</summary>
    public string Authority
    {
        get
        {
            var endpoint = BaseUri;
            return endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        }
    }

    public Uri BaseUri => Provider.Endpoint ?? Provider.Kind switch
    {
        ProviderKind.Bedrock => new Uri($"https://bedrock-runtime.{Provider.Region}.amazonaws.com"),
        ProviderKind.OpenAi => new Uri("https://api.openai.com"),
        ProviderKind.Anthropic => new Uri("https://api.anthropic.com"),
        _ => throw new InvalidOperationException($"Provider '{ProviderName}' has no endpoint."),
    };

    public static BackendTarget? Resolve(GatewaySnapshot snapshot, string backendName) =>
        snapshot.Config.Backends.TryGetValue(backendName, out var backend) && snapshot.Config.Providers.TryGetValue(backend.Provider, out var provider)
            ? new BackendTarget(backendName, backend.Provider, provider, backend.Model) { Api = backend.Api }
            : null;
}
