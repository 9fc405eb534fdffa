namespace AiGateway.Benchmarks.Load;

/// <summary>The processor answered differently from the recording (wrong kind of answer, or none).</summary>
internal sealed class LoadMismatchException(string message) : Exception(message);
