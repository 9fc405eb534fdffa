using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Identity;

/// <summary>
/// Identifies the caller at request headers, before anything is spent: a gateway API key
/// (<c>Authorization: Bearer aigw_…</c> or <c>x-api-key: aigw_…</c>), else the JWT payload Envoy's jwt_authn filter
/// validated and forwarded in metadata_context, else (behind an ALB) the ALB-signed <c>x-amzn-oidc-data</c> header,
/// verified here, else the configured anonymous team (local development), else 401. Identity is never read from an
/// unverified client header, and the ALB's <c>x-amzn-oidc-*</c> headers never go upstream.
/// </summary>
internal sealed class IdentityStage : IExchangeStage
{
    private static readonly string[] AlbHeaders = ["x-amzn-oidc-data", "x-amzn-oidc-accesstoken", "x-amzn-oidc-identity"];
    private readonly GatewayKeyVerifier _keys;
    private readonly AlbTokenVerifier _alb;
    private readonly ILogger _logger;

    public IdentityStage(GatewayKeyVerifier keys, AlbTokenVerifier alb, ILogger<IdentityStage> logger)
    {
        _keys = keys;
        _alb = alb;
        _logger = logger;
    }

    public ExchangePhases Phases => ExchangePhases.RequestHeaders;

    public FilterLevel Levels => FilterLevel.Router;

    public async ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (exchange.Endpoint == ClientEndpoint.Unknown)
        {
            return StageResult.Continue;
        }

        // The ALB's token and the user's access token are credentials: providers never see them.
        var albToken = context.TryGetHeader("x-amzn-oidc-data", out var data) ? data : null;
        foreach (var name in AlbHeaders)
        {
            if (context.TryGetHeader(name, out _))
            {
                context.RemoveHeader(name);
            }
        }

        var config = exchange.Snapshot.Config;
        if (PresentedKey(context) is { } key)
        {
            var (caller, error) = KeyCaller(key, config);
            return error is null ? Accept(exchange, caller!) : Reject(error);
        }

        if (config.Identity.Jwt is { } jwt && context.TryGetMetadataJson(jwt.MetadataNamespace, out var metadata))
        {
            using var document = JsonDocument.Parse(metadata);
            if (!document.RootElement.TryGetProperty(jwt.PayloadKey, out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                return Reject(Unauthorized("The token was not accepted."));
            }

            var (jwtCaller, jwtError) = ClaimsCaller(payload, CallerKind.Jwt, jwt.CallerClaim, jwt.TeamClaim, config);
            return jwtError is null ? Accept(exchange, jwtCaller!) : Reject(jwtError);
        }

        if (config.Identity.Alb is { } alb && albToken is not null)
        {
            var (payload, failure) = await _alb.VerifyAsync(albToken, alb, cancellationToken).ConfigureAwait(false);
            if (payload is null)
            {
                IdentityLog.AlbTokenRefused(_logger, failure!);
                return Reject(Unauthorized("The load balancer's identity token was not accepted."));
            }

            using (payload)
            {
                var (albCaller, albError) = ClaimsCaller(payload.RootElement, CallerKind.Alb, alb.CallerClaim, alb.TeamClaim, config);
                return albError is null ? Accept(exchange, albCaller!) : Reject(albError);
            }
        }

        if (config.Identity.AnonymousTeam is { } team)
        {
            return Accept(exchange, new Caller(CallerKind.Anonymous, team, "anonymous") { AllowedModels = config.Teams[team].AllowedModels });
        }

        return Reject(Unauthorized("Missing credentials: send a gateway API key as 'Authorization: Bearer aigw_…' or 'x-api-key: aigw_…'."));
    }

    private static string? PresentedKey(PhaseContext context)
    {
        if (context.TryGetHeader("x-api-key", out var apiKey) && apiKey.StartsWith(GatewayKeyFormat.Prefix, StringComparison.Ordinal))
        {
            return apiKey.Trim();
        }

        if (context.TryGetHeader("authorization", out var authorization)
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && authorization.AsSpan(7).TrimStart().StartsWith(GatewayKeyFormat.Prefix, StringComparison.Ordinal))
        {
            return authorization[7..].Trim();
        }

        return null;
    }

    private (Caller? Caller, GatewayError? Error) KeyCaller(string key, GatewayConfig config)
    {
        var (status, record) = _keys.Check(key);
        switch (status)
        {
            case KeyCheckStatus.Valid when config.Teams.TryGetValue(record!.Team, out var team):
                var allowed = record.AllowedModels.Count > 0 ? record.AllowedModels : team.AllowedModels;
                return (new Caller(CallerKind.GatewayKey, record.Team, "key:" + record.Id) { KeyId = record.Id, AllowedModels = allowed, KeyBudgets = record.Budgets, KeyRateLimits = record.RateLimits }, null);
            case KeyCheckStatus.Valid:
                return (null, Unauthorized("This API key belongs to a team that no longer exists."));
            case KeyCheckStatus.Revoked:
                return (null, Unauthorized("This API key has been revoked."));
            case KeyCheckStatus.Expired:
                return (null, Unauthorized("This API key has expired."));
            default:
                return (null, Unauthorized("Invalid API key."));
        }
    }

    /// <summary>Maps verified claims (a JWT payload from Envoy, or the ALB's) to a caller and the first team a team-claim value names.</summary>
    private static (Caller? Caller, GatewayError? Error) ClaimsCaller(JsonElement payload, CallerKind kind, string callerClaim, string teamClaim, GatewayConfig config)
    {
        var callerId = payload.TryGetProperty(callerClaim, out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString()! : "unknown";
        var prefix = kind == CallerKind.Alb ? "alb:" : "jwt:";
        if (payload.TryGetProperty(teamClaim, out var claim))
        {
            foreach (var value in ClaimValues(claim))
            {
                foreach (var (name, team) in config.Teams)
                {
                    if (name == value || team.JwtClaimValues.Contains(value))
                    {
                        return (new Caller(kind, name, prefix + callerId) { AllowedModels = team.AllowedModels }, null);
                    }
                }
            }
        }

        return (null, new GatewayError(GatewayErrorKind.PermissionDenied, 403, "Your token is valid but does not belong to a team of this gateway.") { Details = "aigw_no_team" });
    }

    private static IEnumerable<string> ClaimValues(JsonElement claim)
    {
        if (claim.ValueKind == JsonValueKind.String)
        {
            // Cognito puts groups in an array; some issuers send a space-separated string.
            foreach (var part in claim.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return part;
            }
        }
        else if (claim.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in claim.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    yield return item.GetString()!;
                }
            }
        }
    }

    private static StageResult Accept(Exchange exchange, Caller caller)
    {
        exchange.Caller = caller;
        return StageResult.Continue;
    }

    private StageResult Reject(GatewayError error)
    {
        IdentityLog.Rejected(_logger, error.Message);
        return StageResult.Reject(error);
    }


    private static GatewayError Unauthorized(string message) =>
        new(GatewayErrorKind.Authentication, 401, message) { Code = "invalid_api_key", Details = "aigw_unauthenticated" };
}
