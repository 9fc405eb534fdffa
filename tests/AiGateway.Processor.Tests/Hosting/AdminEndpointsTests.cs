using System.Net;
using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Tests.Infrastructure;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Processor.Tests.Hosting;

public sealed class AdminEndpointsTests
{
    [Fact]
    public async Task Healthz_Running_Answers200()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);
        using var http = processor.CreateHttpClient();

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative)).WaitAsync(TestProcessor.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_AfterABadReload_StaysReadyAndShowsWhy()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);
        processor.Logs.AllowErrors("ConfigReloadRejected");
        var store = processor.Services.GetRequiredService<GatewayConfigStore>();
        using var http = processor.CreateHttpClient();
        config.Write("models: [not, a, map]\n");
        store.Reload();

        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative)).WaitAsync(TestProcessor.Timeout);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(store.Current.Hash, body.RootElement.GetProperty("config").GetProperty("hash").GetString());
        Assert.Contains("aigw.yaml:1:", body.RootElement.GetProperty("config").GetProperty("last_reload_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcHealth_ConfigLoaded_IsServing()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);
        var health = new Health.HealthClient(processor.Channel);

        var reply = await health.CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TestProcessor.Timeout);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
