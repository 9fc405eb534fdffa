using System.Diagnostics;
using System.Text;
using OpenTelemetry.Metrics;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class NoSecretsInTelemetryTests
{
    /// <summary>
    /// Default settings: drive requests carrying a known prompt, gateway key and provider key through every ending,
    /// then scan every log line, usage record, stdout line (EMF), metric (names, units, tag keys and values) and span
    /// (names and tags) for them.
    /// </summary>
    [Fact]
    public async Task DefaultSettings_NoPromptCompletionOrKeyAnywhere()
    {
        await using var harness = await TelemetryHarness.StartAsync("  emf: true");
        var chunks = TelemetryHarness.StreamChunks();
        await harness.RequestAsync("scan-ok", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: chunks);
        await harness.RequestAsync("scan-failover", TelemetryHarness.ChatBody(stream: false), ["anthropic-haiku", "openai-mini"]);
        await harness.RequestAsync("scan-error", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], status: 400, chunks: ["{\"error\":{\"message\":\"bad: " + TelemetryHarness.Prompt + "\",\"type\":\"invalid_request_error\"}}"]);
        await harness.RequestAsync("scan-disconnect", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: [chunks[0]], clientDisconnects: true);
        await harness.RequestAsync("scan-budget", TelemetryHarness.ChatBody(stream: false), [], key: harness.PoorKey);
        harness.FlushMetrics();
        await harness.StopAsync();

        var outputs = new StringBuilder();
        foreach (var entry in harness.Processor.Logs.Entries)
        {
            outputs.AppendLine($"{entry.Category} {entry.EventName} {entry.Message} {entry.Exception}");
        }

        outputs.AppendLine(await File.ReadAllTextAsync(harness.RecordsPath).WaitAsync(TimeSpan.FromSeconds(10)));
        outputs.AppendLine(Encoding.UTF8.GetString(harness.Stdout.ToArray()));
        foreach (var metric in harness.Metrics)
        {
            outputs.AppendLine($"{metric.Name} {metric.Unit} {metric.Description}");
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    outputs.AppendLine($"{tag.Key}={tag.Value}");
                }
            }
        }

        foreach (var span in harness.Spans)
        {
            outputs.AppendLine($"{span.DisplayName} {span.StatusDescription}");
            foreach (var tag in span.TagObjects)
            {
                outputs.AppendLine($"{tag.Key}={(tag.Value is string[] values ? string.Join(',', values) : tag.Value)}");
            }
        }

        var text = outputs.ToString();
        Assert.Contains("scan-ok", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai.client.token.usage", text, StringComparison.Ordinal);
        Assert.Contains("chat tel-mini", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TelemetryHarness.Prompt, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TelemetryHarness.CompletionText, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TelemetryHarness.ProviderKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.PoorKey, text, StringComparison.Ordinal);

        // The secret half of a gateway key never appears either (its id may: records carry key_id).
        Assert.True(AiGateway.Processor.Identity.GatewayKeyFormat.TryParse(harness.Key, out _, out var secret));
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaptureContentTeam_RecordHoldsPromptAndCompletion()
    {
        await using var capturing = await TelemetryHarness.StartAsync(captureContent: true);

        await capturing.RequestAsync("capture-ok", TelemetryHarness.ChatBody(stream: false), ["openai-mini"]);
        var records = await capturing.StopAndReadRecordsAsync();

        var content = records["capture-ok"].GetProperty("content");
        Assert.Contains(TelemetryHarness.Prompt, content.GetProperty("request").GetString(), StringComparison.Ordinal);
        Assert.Contains(TelemetryHarness.CompletionText, content.GetProperty("response").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(capturing.Key, records["capture-ok"].GetRawText(), StringComparison.Ordinal);
    }
}
