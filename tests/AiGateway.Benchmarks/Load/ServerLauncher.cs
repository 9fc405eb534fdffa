using System.Globalization;
using System.Text.RegularExpressions;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// Starts the two servers a measurement compares, each in its own process on free loopback ports: the real
/// processor (<c>aigw serve</c> with the benchmark exchanges' config) and the no-op floor (this assembly's
/// <c>serve-noop</c>). Provider credentials are stand-ins: ext_proc never calls a provider, it only signs.
/// </summary>
internal sealed partial class ServerLauncher(string processorDll, string workDirectory)
{
    private static readonly Dictionary<string, string> StandInCredentials = new(StringComparer.Ordinal)
    {
        ["OPENAI_API_KEY"] = "bench-openai-key",
        ["ANTHROPIC_API_KEY"] = "bench-anthropic-key",
        ["AWS_ACCESS_KEY_ID"] = "AKIDBENCHMARK000000",
        ["AWS_SECRET_ACCESS_KEY"] = "bench-secret",
        ["AWS_REGION"] = "us-east-1",
    };

    public async Task<ServerProcess> StartProcessorAsync()
    {
        var (grpc, admin) = (ServerProcess.FreePort(), ServerProcess.FreePort());
        var folder = Directory.CreateDirectory(Path.Combine(workDirectory, "processor-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Exchanges", "aigw.yaml"));
        config = GrpcPort().Replace(config, "grpc_port: " + grpc.ToString(CultureInfo.InvariantCulture));
        config = AdminPort().Replace(config, "admin_port: " + admin.ToString(CultureInfo.InvariantCulture));
        var path = Path.Combine(folder, "aigw.yaml");
        await File.WriteAllTextAsync(path, config).ConfigureAwait(false);
        return await ServerProcess.StartAsync("processor", "dotnet", [processorDll, "serve", "--config", path], folder, grpc, admin, StandInCredentials).ConfigureAwait(false);
    }

    public async Task<ServerProcess> StartFloorAsync()
    {
        var (grpc, admin) = (ServerProcess.FreePort(), ServerProcess.FreePort());
        var self = Path.Combine(AppContext.BaseDirectory, "AiGateway.Benchmarks.dll");
        return await ServerProcess.StartAsync("floor", "dotnet",
            [self, "serve-noop", "--grpc-port", grpc.ToString(CultureInfo.InvariantCulture), "--admin-port", admin.ToString(CultureInfo.InvariantCulture)],
            workDirectory, grpc, admin).ConfigureAwait(false);
    }

    [GeneratedRegex(@"grpc_port:\s*\d+")]
    private static partial Regex GrpcPort();

    [GeneratedRegex(@"admin_port:\s*\d+")]
    private static partial Regex AdminPort();
}
