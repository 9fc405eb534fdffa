namespace AiGateway.Processor.Configuration;

/// <summary>
/// A backend model's price in USD per million tokens, from <see cref="EffectiveFrom"/> on. A price change adds an
/// entry with a later date, so a request is always costed at the price in force when it started.
/// </summary>
internal sealed record PriceConfig
{
    public DateTimeOffset EffectiveFrom { get; init; }

    public decimal Input { get; init; }

    public decimal Output { get; init; }

    public decimal CacheRead { get; init; }

    public decimal CacheWrite { get; init; }

    /// <summary>Reasoning tokens when priced apart from output; unset means they cost as output.</summary>
    public decimal? Reasoning { get; init; }
}
