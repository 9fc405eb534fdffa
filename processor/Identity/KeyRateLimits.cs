using System.Text.Json.Serialization;

namespace AiGateway.Processor.Identity;

/// <summary>A key's own rate limits, stored in the key file with the same names as a team's <c>rate_limits</c>.</summary>
internal sealed record KeyRateLimits
{
    [JsonPropertyName("requests_per_minute")]
    public int? RequestsPerMinute { get; init; }

    [JsonPropertyName("tokens_per_minute")]
    public long? TokensPerMinute { get; init; }
}
