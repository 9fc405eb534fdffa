using System.CommandLine;
using AiGateway.Processor.EnvoyConfig;

namespace AiGateway.Processor.Cli;

/// <summary>
/// <c>aigw check --envoy &lt;envoy.yaml&gt; [--config &lt;processor.yaml&gt;]</c>: what operators run before deploying.
/// Exit 0 when the files are fine, 1 with one problem per line, 2 on a usage error.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c") { Description = "The processor's YAML config to cross-check against (default: $AIGW_CONFIG; none: schema check only)." };
        config.DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AIGW_CONFIG");
        var envoy = new Option<string?>("--envoy") { Description = "The Envoy config (envoy/envoy.yaml) to check strictly as a v3 Bootstrap." };
        var command = new Command("check", "Check an Envoy config strictly against Envoy's v3 API, and that it agrees with the processor's config.")
        {
            config,
            envoy,
        };

        // Usage errors are exit 2 (System.CommandLine's own parse errors are 1), so the action judges them itself.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            if (result.UnmatchedTokens.Count > 0 || result.GetValue(envoy) is not { Length: > 0 } envoyPath)
            {
                var why = result.UnmatchedTokens.Count > 0 ? $"unexpected argument {result.UnmatchedTokens[0]}" : "--envoy is required";
                Console.Error.WriteLine($"aigw check: {why}. Usage: aigw check --envoy <envoy.yaml> [--config <processor.yaml>]");
                return EnvoyConfigCheck.UsageError;
            }

            return EnvoyConfigCheck.Run(envoyPath, result.GetValue(config), Console.Out, Console.Error);
        });
        return command;
    }
}
