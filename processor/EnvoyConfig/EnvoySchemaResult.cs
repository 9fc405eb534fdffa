using Envoy.Config.Bootstrap.V3;

namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// The outcome of <see cref="EnvoyBootstrapSchemaCheck"/>: the parsed Bootstrap when there were no problems, and the
/// YAML line of each field path (same path syntax as the problems).
/// </summary>
internal sealed record EnvoySchemaResult(Bootstrap? Bootstrap, IReadOnlyList<EnvoyConfigProblem> Problems, IReadOnlyDictionary<string, int> Lines)
{
    /// <summary>The line of the path, or of its nearest ancestor in the file; 0 if none.</summary>
    public int LineOf(string path)
    {
        for (var current = path; current.Length > 0; current = current[..Math.Max(0, current.LastIndexOfAny(['.', '[']))])
        {
            if (Lines.TryGetValue(current, out var line))
            {
                return line;
            }
        }

        return 0;
    }
}
