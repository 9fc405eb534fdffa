namespace AiGateway.Processor.Configuration;

/// <summary>
/// How a JWT payload forwarded by Envoy's jwt_authn filter maps to a caller and a team. Envoy validates the token
/// (issuer, audience, signature, expiry); the processor only reads the validated payload from metadata_context.
/// </summary>
internal sealed record JwtIdentityConfig
{
    /// <summary>The metadata namespace Envoy forwards (ext_proc metadata_options.forwarding_namespaces).</summary>
    public string MetadataNamespace { get; init; } = "envoy.filters.http.jwt_authn";

    /// <summary>jwt_authn's <c>payload_in_metadata</c> key.</summary>
    public string PayloadKey { get; init; } = "jwt_payload";

    /// <summary>The claim naming the team: e.g. <c>client_id</c> (one Cognito app client per team), <c>cognito:groups</c> or a custom <c>team</c> claim. Arrays are allowed; the first value that maps to a team wins.</summary>
    public string TeamClaim { get; init; } = "client_id";

    /// <summary>The claim identifying the caller for usage records.</summary>
    public string CallerClaim { get; init; } = "sub";
}
