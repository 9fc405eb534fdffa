namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>Why an attempt got no response headers.</summary>
internal enum AttemptFailure
{
    None,
    ConnectFailure,
    Reset,
    PerTryTimeout,
}
