namespace AiGateway.Processor.Configuration;

/// <summary>One problem found by validation: where (a key path such as <c>models.claude.backends[1]</c>) and what to do.</summary>
internal sealed record ConfigIssue(string Path, string Message);
