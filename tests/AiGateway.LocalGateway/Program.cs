using AiGateway.LocalGateway;

// `./aigw run`: the local gateway on :8787. Fake providers unless provider credentials are in the environment
// (or --real is given); --fake forces the fakes.
var root = RepositoryRoot();
string[] credentialVariables = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"];
var real = args.Contains("--real")
    || (!args.Contains("--fake") && credentialVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))));
var options = new LocalGatewayOptions
{
    EnvoyConfigPath = NonEmpty(Environment.GetEnvironmentVariable("AIGW_ENVOY_CONFIG")) ?? Path.Combine(root, "envoy", "envoy.local.yaml"),
    ProcessorConfigPath = NonEmpty(Environment.GetEnvironmentVariable("AIGW_CONFIG")) ?? Path.Combine(root, "processor", "aigw.local.yaml"),
    Port = int.TryParse(Environment.GetEnvironmentVariable("AIGW_PORT"), out var port) ? port : 8787,
    UseFakeProviders = !real,

    // --ephemeral: free ports everywhere (tests run it beside other servers); the first output line names the address.
    ProcessorPorts = args.Contains("--ephemeral") ? (FreePort(), FreePort()) : null,
};
if (args.Contains("--ephemeral"))
{
    options = options with { Port = 0 };
}

await using var gateway = await LocalGateway.StartAsync(options);
Console.WriteLine($"AiGateway local gateway listening on {gateway.BaseAddress} (Envoy stand-in + processor)");
Console.WriteLine(gateway.Fake is null
    ? "Providers: REAL (credentials from the environment)."
    : $"Providers: FAKE, embedded on {gateway.Fake.Http1Address} (no provider credentials found; responses carry x-aigw-fake-provider: true).");
Console.WriteLine($"Try: curl -s {gateway.BaseAddress}v1/chat/completions -H 'content-type: application/json' -d '{{\"model\":\"gpt-4o-mini\",\"messages\":[{{\"role\":\"user\",\"content\":\"Hello\"}}]}}'");
await gateway.Processor.WaitForShutdownAsync();

static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "AiGateway.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
