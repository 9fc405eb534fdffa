namespace AiGateway.Processor.Guardrails;

/// <summary>A second look at a regex match (a checksum), so shapes that merely look right are not reported.</summary>
internal delegate bool MatchCheck(ReadOnlySpan<char> match);
