namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>The Envoy YAML uses something the stand-in does not understand or is invalid; names the YAML path.</summary>
public sealed class EnvoyConfigException : Exception
{
    public EnvoyConfigException()
    {
        YamlPath = string.Empty;
    }

    public EnvoyConfigException(string message)
        : base(message)
    {
        YamlPath = string.Empty;
    }

    public EnvoyConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        YamlPath = string.Empty;
    }

    public EnvoyConfigException(string yamlPath, string message, Exception? innerException = null)
        : base($"{yamlPath}: {message}", innerException)
    {
        YamlPath = yamlPath;
    }

    public string YamlPath { get; }
}
