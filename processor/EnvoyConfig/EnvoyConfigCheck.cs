using AiGateway.Processor.Configuration;
using AiGateway.Processor.EnvoyConfig.CrossChecks;

namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// <c>aigw check</c>: the Envoy file parsed strictly as a v3 Bootstrap, then (with a processor config) the
/// cross-checks that the two files agree. Problems go to <c>output</c>, one per line as <c>file:line: path: message</c>.
/// </summary>
internal static class EnvoyConfigCheck
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int UsageError = 2;

    public static int Run(string envoyPath, string? configPath, TextWriter output, TextWriter error)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(envoyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"aigw check: cannot read --envoy {envoyPath}: {e.Message}");
            return UsageError;
        }

        GatewaySnapshot? snapshot = null;
        if (configPath is not null)
        {
            if (!File.Exists(configPath))
            {
                error.WriteLine($"aigw check: --config {configPath} does not exist");
                return UsageError;
            }

            try
            {
                snapshot = GatewayConfigLoader.LoadFile(configPath);
            }
            catch (ConfigException e)
            {
                // The loader's message already has one `file:line: path: message` line per issue.
                output.WriteLine(e.Message);
                return Problems;
            }
        }

        var schema = EnvoyBootstrapSchemaCheck.Check(yaml);
        var problems = schema.Problems;
        if (schema.Bootstrap is { } bootstrap && snapshot is not null)
        {
            problems = EnvoyCrossCheck.Check(bootstrap, EnvoyCheckExpectations.From(snapshot.Config))
                .Select(p => p.Line > 0 ? p : p with { Line = schema.LineOf(p.Path) })
                .ToList();
        }

        foreach (var problem in problems)
        {
            output.WriteLine(problem.Format(envoyPath));
        }

        if (problems.Count == 0)
        {
            error.WriteLine(snapshot is null
                ? $"{envoyPath}: a valid Envoy v3 Bootstrap (pass --config to cross-check it with the processor's config)"
                : $"{envoyPath}: a valid Envoy v3 Bootstrap that agrees with {configPath}");
            return Ok;
        }

        return Problems;
    }
}
