namespace AiGateway.Processor.Configuration;

/// <summary>Who may call the gateway: gateway API keys, Envoy-validated JWTs, or (local development only) nobody in particular.</summary>
internal sealed record IdentityConfig
{
    /// <summary>The gateway API key file written by <c>aigw keys</c> (relative to this config file). Keys are off when unset.</summary>
    public string? KeysFile { get; init; }

    /// <summary>How often the key file is checked for changes; revocation takes effect within this plus one check.</summary>
    public TimeSpan KeysReloadInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>JWTs validated by Envoy's jwt_authn filter, read from the forwarded metadata. Off when unset.</summary>
    public JwtIdentityConfig? Jwt { get; init; }

    /// <summary>Claims an AWS ALB verified with OIDC, read from its signed <c>x-amzn-oidc-data</c> header. Off when unset.</summary>
    public AlbIdentityConfig? Alb { get; init; }

    /// <summary>
    /// Local development only: requests without credentials are attributed to this team instead of getting 401.
    /// Never set it in production.
    /// </summary>
    public string? AnonymousTeam { get; init; }
}
