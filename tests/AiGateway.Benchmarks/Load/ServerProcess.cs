using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// A processor (real or no-op) running in its own process, so its CPU time and memory are measured apart from the
/// load driver's: CPU from <c>/proc/&lt;pid&gt;/stat</c> (user + system, all threads), RSS and peak RSS from
/// <c>/proc/&lt;pid&gt;/status</c>, streams in flight from its admin <c>/readyz</c>.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    // USER_HZ is 100 on every Linux architecture .NET runs on (it is fixed by the kernel ABI, not by CONFIG_HZ).
    private const int ClockTicksPerSecond = 100;
    private static readonly HttpClient Admin = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;

    private ServerProcess(string name, Process process, int grpcPort, int adminPort)
    {
        Name = name;
        _process = process;
        GrpcPort = grpcPort;
        AdminPort = adminPort;
    }

    public string Name { get; }

    public int GrpcPort { get; }

    public int AdminPort { get; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public static async Task<ServerProcess> StartAsync(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, int grpcPort, int adminPort, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(name, process, grpcPort, adminPort);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await Admin.GetAsync(new Uri($"http://127.0.0.1:{adminPort}/healthz")).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    // The process id lets a profiler attach (docs/performance.md "Profiling").
                    Console.WriteLine($"  {name} started: pid {process.Id}, gRPC port {grpcPort}");
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // One probe timed out (a starting process on a busy machine): ask again until the deadline.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        await server.DisposeAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"{name} did not become healthy within 60 s. Output:\n{string.Join('\n', output)}");
    }

    /// <summary>User + system CPU time of the whole process so far.</summary>
    public TimeSpan CpuTime()
    {
        // Fields after the command name (which may contain spaces) start at state; utime and stime are fields 14 and 15.
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>(current RSS, peak RSS) in MB.</summary>
    public (double Rss, double PeakRss) Memory()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
        }

        return (rss, peak);
    }

    public async Task<int> ActiveStreamsAsync()
    {
        var text = await Admin.GetStringAsync(new Uri($"http://127.0.0.1:{AdminPort}/readyz")).ConfigureAwait(false);
        return JsonNode.Parse(text)?["active_streams"]?.GetValue<int>() ?? -1;
    }

    /// <summary>
    /// Usage records the server dropped so far because a sink's queue was full (<c>aigw_usage_records_dropped_total</c>
    /// on its admin <c>/metrics</c>, every sink summed); 0 for a server without that endpoint (the no-op floor).
    /// </summary>
    public async Task<long> UsageRecordsDroppedAsync()
    {
        using var response = await Admin.GetAsync(new Uri($"http://127.0.0.1:{AdminPort}/metrics")).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        var dropped = 0L;
        foreach (var line in (await response.Content.ReadAsStringAsync().ConfigureAwait(false)).Split('\n'))
        {
            if (line.StartsWith("aigw_usage_records_dropped_total", StringComparison.Ordinal))
            {
                dropped += (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return dropped;
    }

    /// <summary>Waits (bounded) for streams in flight to drain to zero; returns the last count seen.</summary>
    public async Task<int> WaitForNoActiveStreamsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int active;
        while ((active = await ActiveStreamsAsync().ConfigureAwait(false)) != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        return active;
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

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200)
        {
            output.TryDequeue(out _);
        }
    }
}
