using System.Globalization;
using AiGateway.FakeProviders;

namespace AiGateway.FakeProviders.Host;

/// <summary>
/// <c>dotnet AiGateway.FakeProviders.Host.dll [--port N] [--http2-port N] [--session-token T]</c>: starts the
/// fake providers (with the /__fake/ control API), prints one line <c>listening http://127.0.0.1:P h2c http://127.0.0.1:Q</c> and serves
/// until SIGTERM or Ctrl+C.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new FakeProviderOptions { EnableControlApi = true };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--port" => options with { Port = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--http2-port" => options with { Http2Port = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--session-token" => options with { Credentials = options.Credentials with { AwsSessionToken = args[i + 1] } },
                _ => throw new ArgumentException("Unknown option " + args[i] + "; expected --port, --http2-port or --session-token."),
            };
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

        await using var server = await FakeProviderServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        Console.WriteLine($"listening {server.Http1Address.ToString().TrimEnd('/')} h2c {server.Http2Address.ToString().TrimEnd('/')}");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal end of this host.
        }

        return 0;
    }
}
