namespace AiGateway.Processor.Configuration;

/// <summary>The config file cannot be used. The message names the file and line and says how to fix it.</summary>
internal sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
