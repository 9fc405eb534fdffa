using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc.Recording;

namespace AiGateway.Processor.Credentials;

/// <summary>
/// The values behind the secret references of the current config that can be read locally (environment variables
/// and files), for redaction. Secrets Manager values join once the credential store resolves them.
/// </summary>
internal sealed class ConfiguredSecretValues : ISecretValueSource
{
    private readonly GatewayConfigStore _config;

    public ConfiguredSecretValues(GatewayConfigStore config)
    {
        _config = config;
    }

    public IEnumerable<string> SecretValues()
    {
        foreach (var provider in _config.Current.Config.Providers.Values)
        {
            if (provider.ApiKey is { } reference && Read(reference) is { Length: > 0 } value)
            {
                yield return value;
            }
        }
    }

    private static string? Read(SecretReference reference)
    {
        if (reference.Env is { } name)
        {
            return Environment.GetEnvironmentVariable(name);
        }

        if (reference.File is { } path && File.Exists(path))
        {
            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }

        return null;
    }
}
