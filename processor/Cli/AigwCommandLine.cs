using System.CommandLine;

namespace AiGateway.Processor.Cli;

/// <summary>
/// The <c>aigw</c> command line: the processor (<c>serve</c>) and the operator tools share one executable, so
/// what an operator checks is exactly what runs.
/// </summary>
internal static class AigwCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("AiGateway: the ext_proc processor of an Envoy-based LLM gateway, and its operator tools.");
        var healthCheck = new Option<bool>("--health-check") { Description = "Ask the running processor's /readyz and exit 0 (ready) or 1 (not ready); for container health checks." };
        var adminUrl = new Option<string>("--admin-url") { Description = "Admin base URL for --health-check.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AIGW_ADMIN_URL") ?? "http://127.0.0.1:8081" };
        root.Options.Add(healthCheck);
        root.Options.Add(adminUrl);
        root.SetAction((result, cancellationToken) => result.GetValue(healthCheck)
            ? HealthCheckCommand.RunAsync(result.GetValue(adminUrl)!, cancellationToken)
            : Task.FromResult(ShowHelp(root)));
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(TranslateCliCommand.Create());
        root.Subcommands.Add(UsageCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        return root;
    }

    /// <summary>The config path from <c>--config</c>, else <c>AIGW_CONFIG</c>.</summary>
    public static Option<string?> ConfigOption() => new("--config", "-c")
    {
        Description = "The processor's YAML config (default: $AIGW_CONFIG).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AIGW_CONFIG"),
    };

    private static int ShowHelp(RootCommand root)
    {
        root.Parse("--help").Invoke();
        return 1;
    }
}
