namespace AiGateway.Processor.Credentials;

/// <summary>A Secrets Manager call failed. The message names the error type and the secret id, never a secret value.</summary>
internal sealed class SecretsManagerException(string errorType, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;
}
