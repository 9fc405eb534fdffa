namespace AiGateway.Processor.Identity;

/// <summary>How a caller proved who they are.</summary>
internal enum CallerKind
{
    GatewayKey,
    Jwt,
    Alb,
    Anonymous,
}
