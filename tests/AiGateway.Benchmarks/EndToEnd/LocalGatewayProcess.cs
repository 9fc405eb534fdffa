using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AiGateway.Benchmarks.EndToEnd;

/// <summary>
/// The local gateway (Envoy stand-in + processor + embedded fake providers, <c>tests/AiGateway.LocalGateway</c>) in
/// its own process on free ports, with a copy of <c>processor/aigw.local.yaml</c>; knows the gateway's and the fake
/// provider's addresses from its first output lines.
/// </summary>
internal sealed partial class LocalGatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LocalGatewayProcess(Process process, Uri gateway, Uri fake)
    {
        _process = process;
        Gateway = gateway;
        Fake = fake;
    }

    public Uri Gateway { get; }

    public Uri Fake { get; }

    public static async Task<LocalGatewayProcess> StartAsync(string gatewayDll, string processorConfig, string workDirectory)
    {
        var config = Path.Combine(workDirectory, "aigw.yaml");
        File.Copy(processorConfig, config, overwrite: true);
        var start = new ProcessStartInfo("dotnet", [gatewayDll, "--ephemeral", "--fake"])
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AIGW_CONFIG"] = config;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the local gateway.");
        var lines = new List<string>();
        Uri? gateway = null, fake = null;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
                gateway ??= Match(GatewayLine(), e.Data);
                fake ??= Match(FakeLine(), e.Data);
                if (gateway is not null && fake is not null)
                {
                    ready.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The local gateway did not start within 60 s:\n" + string.Join('\n', lines));
        }

        return new LocalGatewayProcess(process, gateway!, fake!);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static Uri? Match(Regex pattern, string line) => pattern.Match(line) is { Success: true } m ? new Uri(m.Groups[1].Value) : null;

    [GeneratedRegex(@"listening on (http://[^/ ]+/)")]
    private static partial Regex GatewayLine();

    [GeneratedRegex(@"embedded on (http://[^/ ]+/)")]
    private static partial Regex FakeLine();
}
