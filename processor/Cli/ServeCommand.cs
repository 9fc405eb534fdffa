using System.CommandLine;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Hosting;

namespace AiGateway.Processor.Cli;

/// <summary><c>aigw serve</c>: runs the ext_proc processor until SIGTERM, then drains in-flight streams and exits 0.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = AigwCommandLine.ConfigOption();
        var command = new Command("serve", "Run the ext_proc processor (gRPC for Envoy, admin port for /healthz and /readyz).") { config };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(config);
            if (string.IsNullOrEmpty(path))
            {
                await Console.Error.WriteLineAsync("aigw serve: no config. Pass --config <file> or set AIGW_CONFIG (see processor/aigw.example.yaml).").ConfigureAwait(false);
                return 2;
            }

            WebApplication app;
            try
            {
                app = ProcessorHost.Build(path);
            }
            catch (ConfigException e)
            {
                await Console.Error.WriteLineAsync($"aigw serve: invalid configuration\n{e.Message}").ConfigureAwait(false);
                return 2;
            }

            // The host owns SIGTERM/SIGINT handling (graceful drain); the command line's own token is not used.
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
