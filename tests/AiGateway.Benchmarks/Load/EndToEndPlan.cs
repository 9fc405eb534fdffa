namespace AiGateway.Benchmarks.Load;

/// <summary>How much of the gateway end-to-end comparison a mode runs (requests per hey run, hey concurrency, streamed requests timed for first token, repetitions).</summary>
internal sealed record EndToEndPlan(int Requests, int Concurrency, int FirstTokenRequests, int Repetitions);
