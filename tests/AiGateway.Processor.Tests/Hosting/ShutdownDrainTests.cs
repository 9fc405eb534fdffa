using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Grpc.Net.Client;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Hosting;

/// <summary>The real executable, as a container runs it: SIGTERM stops new streams, lets in-flight ones finish, exits 0.</summary>
public sealed class ShutdownDrainTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sigterm_InFlightStreamFinishes_NewStreamsRefused_ExitsZero()
    {
        var (grpcPort, adminPort) = (FreePorts.Next(), FreePorts.Next());
        using var config = new TempConfig(TempConfig.Minimal + $"\nserver:\n  grpc_port: {grpcPort}\n  admin_port: {adminPort}\n  drain_timeout: 15s\n");
        using var process = StartProcessor(config.Path);
        try
        {
            using var http = new HttpClient();
            await WaitUntilReadyAsync(http, adminPort, process);
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            var client = new ExternalProcessor.ExternalProcessorClient(channel);
            using var inFlight = client.Process();
            await inFlight.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions")).WaitAsync(Timeout);
            Assert.True(await inFlight.ResponseStream.MoveNext().WaitAsync(Timeout));

            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
            await WaitUntilDrainingAsync(http, adminPort);

            // The stream that was open before SIGTERM still gets its answers.
            await inFlight.RequestStream.WriteAsync(RequestBody("""{"model":"gpt-4o-mini","messages":[]}""")).WaitAsync(Timeout);
            Assert.True(await inFlight.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, inFlight.ResponseStream.Current.ResponseCase);

            // A new connection is refused while draining.
            using var lateChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            var late = new ExternalProcessor.ExternalProcessorClient(lateChannel).Process();
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await late.RequestStream.WriteAsync(RequestHeaders("GET", "/v1/models")).WaitAsync(Timeout);
                await late.ResponseStream.MoveNext().WaitAsync(Timeout);
            });

            Assert.False(process.HasExited, "the processor exited before its in-flight stream ended");
            await inFlight.RequestStream.CompleteAsync().WaitAsync(Timeout);
            Assert.False(await inFlight.ResponseStream.MoveNext().WaitAsync(Timeout));

            await process.WaitForExitAsync().WaitAsync(Timeout);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartProcessor(string configPath)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "aigw.dll"), "serve", "--config", configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // The processor's last output lines, so a start that fails says why.
    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> Output = new();

    private static void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        Output.Enqueue(line);
        while (Output.Count > 40 && Output.TryDequeue(out _))
        {
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, int adminPort, Process process)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{adminPort}/readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        var why = process.HasExited ? $"exited with {process.ExitCode}" : "not ready after " + Timeout.TotalSeconds + " s";
        throw new TimeoutException($"the processor never became ready ({why}):\n" + string.Join('\n', Output));
    }

    private static async Task WaitUntilDrainingAsync(HttpClient http, int adminPort)
    {
        // Kestrel closes the listeners when it starts stopping: the admin port refusing connections or
        // answering 503 both mean SIGTERM has been taken.
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{adminPort}/readyz"));
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the processor did not start draining after SIGTERM");
    }
}
