using System.Text.Json.Serialization;

namespace AiGateway.Processor.Identity;

/// <summary>
/// One gateway API key as stored in the key file: its public id, its team and limits, and a salted hash of its
/// secret part. The key itself is shown once at creation and never stored.
/// </summary>
internal sealed record GatewayKeyRecord
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("team")]
    public required string Team { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Hex salt and hex SHA-256(salt ‖ secret).</summary>
    [JsonPropertyName("salt")]
    public required string Salt { get; init; }

    [JsonPropertyName("hash")]
    public required string Hash { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("expires_at")]
    public DateTimeOffset? ExpiresAt { get; init; }

    [JsonPropertyName("revoked_at")]
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Public model names this key may call, narrowing its team's list; empty means the team's list.</summary>
    [JsonPropertyName("allowed_models")]
    public List<string> AllowedModels { get; init; } = [];

    /// <summary>This key's own spending limits, on top of its team's (a request must fit both).</summary>
    [JsonPropertyName("budgets")]
    public List<KeyBudget> Budgets { get; init; } = [];

    /// <summary>This key's own rate limits, on top of its team's (a request must fit both).</summary>
    [JsonPropertyName("rate_limits")]
    public KeyRateLimits? RateLimits { get; init; }
}
