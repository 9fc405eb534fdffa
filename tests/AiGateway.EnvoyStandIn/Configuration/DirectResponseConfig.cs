namespace AiGateway.EnvoyStandIn.Configuration;

internal sealed record DirectResponseConfig(int Status, string Body);
