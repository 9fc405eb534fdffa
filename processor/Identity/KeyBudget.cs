using System.Text.Json.Serialization;

namespace AiGateway.Processor.Identity;

/// <summary>A key's spending limit in USD over a UTC period (<c>day</c> or <c>month</c>), stored in the key file.</summary>
internal sealed record KeyBudget
{
    [JsonPropertyName("period")]
    public string Period { get; init; } = "month";

    [JsonPropertyName("usd")]
    public decimal Usd { get; init; }
}
