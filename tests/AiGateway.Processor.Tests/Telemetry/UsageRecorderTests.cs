using System.Text.Json;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Telemetry;
using AiGateway.Processor.Tests.Infrastructure;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class UsageRecorderTests
{
    private const string Prompt = "my very private prompt text";
    private const string Completion = """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"a private answer"},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}}""";

    [Fact]
    public async Task Records_SuccessAndRejection_OneLineEach_WithUsageButNoText()
    {
        using var config = new TempConfig(TempConfig.Minimal + "\ntelemetry:\n  usage_records: usage/records.jsonl\n");
        await using (var processor = await TestProcessor.StartAsync(config.Path))
        {
            await processor.ExchangeAsync(
                RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "rec-ok"), ("authorization", "Bearer sk-secret-client-key")),
                RequestBody($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{Prompt}}"}]}"""),
                ResponseHeaders(200, ("content-type", "application/json")),
                ResponseBody(Completion));
            await processor.ExchangeAsync(
                RequestHeaders("POST", "/v1/messages", ("x-request-id", "rec-404")),
                RequestBody("""{"model":"nope","max_tokens":5,"messages":[{"role":"user","content":"x"}]}"""));
        }

        var path = Path.Combine(config.Directory, "usage", "records.jsonl");
        var text = await File.ReadAllTextAsync(path);
        var records = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("request_id").GetString()!);

        var ok = records["rec-ok"];
        Assert.Equal("ok", ok.GetProperty("outcome").GetString());
        Assert.Equal("dev", ok.GetProperty("team").GetString());
        Assert.Equal("openai.chat.completions", ok.GetProperty("client_api").GetString());
        Assert.Equal("gpt-4o-mini", ok.GetProperty("model").GetString());
        Assert.Equal(120, ok.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(30, ok.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        var rejected = records["rec-404"];
        Assert.Equal("client_error", rejected.GetProperty("outcome").GetString());
        Assert.Equal("anthropic.messages", rejected.GetProperty("client_api").GetString());
        Assert.DoesNotContain(Prompt, text, StringComparison.Ordinal);
        Assert.DoesNotContain("private answer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-client-key", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EmfLine_FollowsTheSpecification()
    {
        var exchange = new Exchange(AiGateway.Processor.Configuration.GatewayConfigLoader.Load(System.Text.Encoding.UTF8.GetBytes(TempConfig.Minimal), "t.yaml"), TimeProvider.System)
        {
            Model = "gpt-4o-mini",
            RequestId = "r1",
            Usage = new AiGateway.Processor.Translation.Usage(10, 5, 2, 0, 0),
            CostMicroUsd = 1234,
        };

        using var line = JsonDocument.Parse(EmfLineWriter.Write(exchange, "AiGateway", DateTimeOffset.UtcNow));

        var root = line.RootElement;
        var directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.True(root.GetProperty("_aws").GetProperty("Timestamp").GetInt64() > 1_600_000_000_000);
        Assert.Equal("AiGateway", directive.GetProperty("Namespace").GetString());
        foreach (var set in directive.GetProperty("Dimensions").EnumerateArray())
        {
            Assert.InRange(set.GetArrayLength(), 1, 30);
            foreach (var dimension in set.EnumerateArray())
            {
                Assert.Equal(JsonValueKind.String, root.GetProperty(dimension.GetString()!).ValueKind);
            }
        }

        var metrics = directive.GetProperty("Metrics").EnumerateArray().ToList();
        Assert.InRange(metrics.Count, 1, 100);
        foreach (var metric in metrics)
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(metric.GetProperty("Name").GetString()!).ValueKind);
        }

        Assert.Equal(0.001234m, root.GetProperty("CostUsd").GetDecimal());
    }
}
