using System.Text.Json;

namespace AiGateway.Processor.Tests.Telemetry;

/// <summary>Guardrail decisions reach the usage record and the decision counter, never with the matched text.</summary>
public sealed class GuardrailTelemetryTests
{
    private const string AccessKeyId = "AKIAZ7Q3LMN4PRSTUVWX";

    private const string Policies = """
        guardrails:
          policies:
            credentials:
              rules:
                - { detector: aws-access-key, action: block, directions: [request] }
            pii:
              rules:
                - { detector: email, action: mask, directions: [response] }
                - { name: codename, deny: [project falcon], action: block, directions: [response] }
        """;

    [Fact]
    public async Task BlockedRequest_RecordedAsGuardrailBlocked_WithDecisionAndCounter()
    {
        await using var harness = await TelemetryHarness.StartAsync(Policies);
        var body = $$"""{"model":"tel-mini","max_tokens":50,"messages":[{"role":"user","content":"deploy with {{AccessKeyId}} please"}]}""";

        var answers = await harness.RequestAsync("guard-block", body, []);
        harness.FlushMetrics();
        var stdout = System.Text.Encoding.UTF8.GetString(harness.Stdout.ToArray());
        var records = await harness.StopAndReadRecordsAsync();

        Assert.Equal(400, (int)answers[^1].ImmediateResponse.Status.Code);
        var record = records["guard-block"];
        Assert.Equal("guardrail_blocked", record.GetProperty("outcome").GetString());
        Assert.Empty(record.GetProperty("attempts").EnumerateArray());
        var decision = Assert.Single(record.GetProperty("guardrails").EnumerateArray());
        Assert.Equal("credentials", decision.GetProperty("policy").GetString());
        Assert.Equal("block", decision.GetProperty("action").GetString());
        Assert.DoesNotContain(AccessKeyId, record.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(AccessKeyId, stdout, StringComparison.Ordinal);

        var counted = GatewayMetricsTests.Points(harness, "aigw.guardrail.decisions", "{decision}");
        var point = Assert.Single(counted, p => GatewayMetricsTests.Tag(p, "aigw.guardrail") == "credentials");
        Assert.Equal("block", GatewayMetricsTests.Tag(point, "aigw.guardrail.action"));
        Assert.Equal("request", GatewayMetricsTests.Tag(point, "aigw.phase"));
        Assert.Equal(1, point.GetSumLong());
        Assert.Single(GatewayMetricsTests.Points(harness, "aigw.requests", "{request}"), p => GatewayMetricsTests.Tag(p, "aigw.outcome") == "guardrail_blocked");
    }

    [Fact]
    public async Task MaskedResponse_CountedAsMask_ResponseDirection()
    {
        await using var harness = await TelemetryHarness.StartAsync(Policies);
        var completion = TelemetryHarness.Completion().Replace(TelemetryHarness.CompletionText, "write to ops@example.org", StringComparison.Ordinal);

        await harness.RequestAsync("guard-mask", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], chunks: [completion]);
        harness.FlushMetrics();
        var records = await harness.StopAndReadRecordsAsync();

        var record = records["guard-mask"];
        Assert.Equal("ok", record.GetProperty("outcome").GetString());
        var decision = Assert.Single(record.GetProperty("guardrails").EnumerateArray());
        Assert.Equal(JsonValueKind.String, decision.GetProperty("rule").ValueKind);
        Assert.Equal("response", decision.GetProperty("direction").GetString());
        var point = Assert.Single(GatewayMetricsTests.Points(harness, "aigw.guardrail.decisions", "{decision}"));
        Assert.Equal("mask", GatewayMetricsTests.Tag(point, "aigw.guardrail.action"));
        Assert.Equal("pii", GatewayMetricsTests.Tag(point, "aigw.guardrail"));
    }

    [Fact]
    public async Task RefusedNonStreamingAnswer_RecordedAsGuardrailBlocked_NotOk()
    {
        await using var harness = await TelemetryHarness.StartAsync(Policies);
        var completion = TelemetryHarness.Completion().Replace(TelemetryHarness.CompletionText, "Project Falcon ships Friday", StringComparison.Ordinal);

        var answers = await harness.RequestAsync("guard-refuse", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], chunks: [completion]);
        harness.FlushMetrics();
        var records = await harness.StopAndReadRecordsAsync();

        // The client still gets a 200 refusal (not an error), but the record and the request counter say it was blocked.
        Assert.Contains("content_filter", answers[^1].ResponseBody.Response.BodyMutation.Body.ToStringUtf8(), StringComparison.Ordinal);
        var record = records["guard-refuse"];
        Assert.Equal("guardrail_blocked", record.GetProperty("outcome").GetString());
        Assert.DoesNotContain("Falcon", record.GetRawText(), StringComparison.Ordinal);
        var decision = Assert.Single(record.GetProperty("guardrails").EnumerateArray());
        Assert.Equal("block", decision.GetProperty("action").GetString());
        Assert.Equal("response", decision.GetProperty("direction").GetString());
        Assert.Single(GatewayMetricsTests.Points(harness, "aigw.requests", "{request}"), p => GatewayMetricsTests.Tag(p, "aigw.outcome") == "guardrail_blocked");
    }

    [Fact]
    public async Task CapturedContent_CarriesTheGuardrailPlaceholders_AndNeverTheBlockedSecret()
    {
        await using var harness = await TelemetryHarness.StartAsync(Policies, captureContent: true);
        var completion = TelemetryHarness.Completion().Replace(TelemetryHarness.CompletionText, "write to ops@example.org", StringComparison.Ordinal);
        var masked = """{"model":"tel-mini","max_tokens":50,"messages":[{"role":"user","content":"ask jane@example.com"}]}""";
        var blocked = $$"""{"model":"tel-mini","max_tokens":50,"messages":[{"role":"user","content":"deploy with {{AccessKeyId}} please"}]}""";

        await harness.RequestAsync("capture-mask", masked, ["openai-mini"], chunks: [completion]);
        await harness.RequestAsync("capture-block", blocked, []);
        var records = await harness.StopAndReadRecordsAsync();

        var content = records["capture-mask"].GetProperty("content");
        Assert.Equal("""{"model":"tel-mini","max_tokens":50,"messages":[{"role":"user","content":"ask [EMAIL]"}]}""", content.GetProperty("request").GetString());
        Assert.Contains("write to [EMAIL]", content.GetProperty("response").GetString(), StringComparison.Ordinal);
        var blockedRequest = records["capture-block"].GetProperty("content").GetProperty("request").GetString();
        Assert.Contains("deploy with [AWS_ACCESS_KEY] please", blockedRequest, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessKeyId, records["capture-block"].GetRawText(), StringComparison.Ordinal);
    }
}
