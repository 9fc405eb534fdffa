namespace AiGateway.EnvoyStandIn.ExtProc;

internal readonly record struct BodyChunk(byte[] Data, bool EndOfStream);
