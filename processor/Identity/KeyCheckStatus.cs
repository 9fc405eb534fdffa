namespace AiGateway.Processor.Identity;

/// <summary>The outcome of checking a presented gateway API key.</summary>
internal enum KeyCheckStatus
{
    Valid,
    Unknown,
    Revoked,
    Expired,
}
