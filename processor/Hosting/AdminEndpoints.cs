using System.Text.Json.Nodes;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Hosting;

/// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: config loaded and dependencies reachable, with details.</summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (GatewayConfigStore config, ActiveExchanges active, IHostApplicationLifetime lifetime) =>
        {
            var status = config.Status;
            var draining = lifetime.ApplicationStopping.IsCancellationRequested;
            var body = new JsonObject
            {
                ["status"] = draining ? "draining" : "ready",
                ["active_streams"] = active.Count,
                ["config"] = new JsonObject
                {
                    ["source"] = config.FilePath,
                    ["hash"] = status.Hash,
                    ["loaded_at"] = status.LoadedAt.ToString("O"),
                    ["last_reload_error"] = status.LastError,
                    ["last_reload_error_at"] = status.LastErrorAt?.ToString("O"),
                },
            };
            return Results.Text(body.ToJsonString(), "application/json", statusCode: draining ? 503 : 200);
        });
    }
}
