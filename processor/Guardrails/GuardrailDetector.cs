namespace AiGateway.Processor.Guardrails;

/// <summary>The built-in detectors (no network). Written kebab-case in config: <c>aws-secret-key</c>, <c>openai-key</c>.</summary>
internal enum GuardrailDetector
{
    Email,
    Phone,
    CreditCard,
    UsSsn,
    Iban,
    Ipv4,
    AwsAccessKey,
    AwsSecretKey,
    PrivateKey,
    OpenAiKey,
    AnthropicKey,
    GithubToken,
}
