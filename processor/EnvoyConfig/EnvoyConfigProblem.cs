namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// One thing Envoy (or the processor) would reject in an Envoy config: the field's path
/// (<c>static_resources.clusters[2].connect_timeout</c>), the YAML line it stands on (0 when unknown) and why.
/// </summary>
internal sealed record EnvoyConfigProblem(string Path, string Message, int Line = 0)
{
    /// <summary>One line for the terminal: <c>file:line: path: message</c>.</summary>
    public string Format(string file) => Line > 0 ? $"{file}:{Line}: {Path}: {Message}" : $"{file}: {Path}: {Message}";
}
