namespace AiGateway.EnvoyStandIn.Tests.Fakes;

/// <summary>What the fake upstream received.</summary>
internal sealed record UpstreamRequestRecord(string Method, string Path, string Protocol, IReadOnlyDictionary<string, string> Headers, byte[] Body, string ConnectionId);
