namespace AiGateway.Processor.Configuration;

/// <summary>
/// Where a secret lives. Exactly one source is set. Secret values are never written in the config file,
/// so a config file can be committed, logged and hashed safely.
/// </summary>
internal sealed record SecretReference
{
    /// <summary>Name of an environment variable holding the secret.</summary>
    public string? Env { get; init; }

    /// <summary>Path of a file holding the secret (trailing newline trimmed).</summary>
    public string? File { get; init; }

    /// <summary>ARN of an AWS Secrets Manager secret.</summary>
    public string? AwsSecret { get; init; }

    /// <summary>With <see cref="AwsSecret"/>: the key inside a JSON secret string.</summary>
    public string? JsonKey { get; init; }

    public override string ToString() =>
        Env is not null ? $"env:{Env}" : File is not null ? $"file:{File}" : $"aws_secret:{AwsSecret}";
}
