namespace AiGateway.Processor.Configuration;

/// <summary>
/// Behind an AWS Application Load Balancer that authenticated the user with OIDC: the ALB forwards the user's claims
/// in <c>x-amzn-oidc-data</c>, a JWT it signs with ES256. The processor verifies it against the ALB's public key for
/// the region and this load balancer's ARN, then maps claims to a caller and team like JWT mode.
/// </summary>
internal sealed record AlbIdentityConfig
{
    /// <summary>The ARN of the ALB; the token's <c>signer</c> header must equal it.</summary>
    public string SignerArn { get; init; } = "";

    /// <summary>The ALB's region, for its public key endpoint.</summary>
    public string? Region { get; init; }

    /// <summary>Overrides <c>https://public-keys.auth.elb.{region}.amazonaws.com</c> (tests, GovCloud); keys are fetched from <c>{url}/{kid}</c>.</summary>
    public Uri? PublicKeysUrl { get; init; }

    /// <summary>The claim naming the team (string, space-separated string or array); its values map to teams like JWT mode's.</summary>
    public string TeamClaim { get; init; } = "team";

    /// <summary>The claim identifying the caller for usage records.</summary>
    public string CallerClaim { get; init; } = "sub";

    /// <summary>The key endpoint in force: the override, or the region's.</summary>
    public Uri KeysUrl => PublicKeysUrl ?? new Uri($"https://public-keys.auth.elb.{Region}.amazonaws.com");
}
