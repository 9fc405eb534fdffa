namespace AiGateway.Benchmarks.Micro;

/// <summary>The two request sizes issue 5 names: a typical 8 KB turn and a 200 KB, 40-message conversation.</summary>
public enum RequestSize
{
    Typical,
    Large,
}
