using System.Text.Json.Nodes;
using AiGateway.Benchmarks.Micro;
using AiGateway.Processor.Translation;

namespace AiGateway.Benchmarks.EndToEnd;

/// <summary>
/// Gateway end to end (issue 11): the same OpenAI requests (≈ 8 KB, gpt-4o-mini → the fake OpenAI provider) sent
/// through the local gateway and to the fake provider directly, alternately in the same run, with the fake answering
/// after a fixed latency. Reports what the gateway adds at p50/p99 (hey, whole responses) and to the time to first
/// token of a stream (one request at a time). The Envoy stand-in is .NET test code, not Envoy: the added figures
/// include it, so they bound the processor's share from above.
/// </summary>
internal sealed class EndToEndSuite(string gatewayDll, string processorConfig, string workDirectory, TextWriter log)
{
    public const int FakeLatencyMs = 20;
    private const string FakeOpenAiKey = "sk-fake-openai-key";
    private static readonly HttpClient Control = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<JsonArray> RunAsync(int requests, int concurrency, int firstTokenRequests, int repetitions)
    {
        await using var gateway = await LocalGatewayProcess.StartAsync(gatewayDll, processorConfig, workDirectory).ConfigureAwait(false);
        var plain = Path.Combine(workDirectory, "body.json");
        var streamed = Path.Combine(workDirectory, "body-stream.json");
        await File.WriteAllBytesAsync(plain, RequestBodies.Create(ApiSchema.OpenAi, RequestSize.Typical, "gpt-4o-mini")).ConfigureAwait(false);
        var streamBody = RequestBodies.Create(ApiSchema.OpenAi, RequestSize.Typical, "gpt-4o-mini", stream: true);
        await File.WriteAllBytesAsync(streamed, streamBody).ConfigureAwait(false);
        var path = new Uri("v1/chat/completions", UriKind.Relative);
        var throughGateway = new Dictionary<string, string>(StringComparer.Ordinal);
        var direct = new Dictionary<string, string>(StringComparer.Ordinal) { ["authorization"] = "Bearer " + FakeOpenAiKey };

        var rows = new JsonArray();
        foreach (var (name, body) in new[] { ("openai-openai", plain), ("openai-openai-stream", streamed) })
        {
            var runs = new List<(double[] Gateway, double[] Direct, double[] GatewayTtft, double[] DirectTtft, int Errors)>();
            for (var repetition = 1; repetition <= repetitions; repetition++)
            {
                await ScriptLatencyAsync(gateway.Fake, requests).ConfigureAwait(false);
                var (viaGateway, gatewayErrors, gatewayErrorKinds) = await HeyRunner.RunAsync(new Uri(gateway.Gateway, path), body, throughGateway, requests, concurrency).ConfigureAwait(false);
                await ScriptLatencyAsync(gateway.Fake, requests).ConfigureAwait(false);
                var (viaDirect, directErrors, directErrorKinds) = await HeyRunner.RunAsync(new Uri(gateway.Fake, path), body, direct, requests, concurrency).ConfigureAwait(false);
                double[] gatewayTtft = [], directTtft = [];
                var ttftErrors = 0;
                if (body == streamed)
                {
                    await ScriptLatencyAsync(gateway.Fake, firstTokenRequests).ConfigureAwait(false);
                    (gatewayTtft, var e1) = await FirstTokenProbe.RunAsync(new Uri(gateway.Gateway, path), streamBody, throughGateway, firstTokenRequests).ConfigureAwait(false);
                    await ScriptLatencyAsync(gateway.Fake, firstTokenRequests).ConfigureAwait(false);
                    (directTtft, var e2) = await FirstTokenProbe.RunAsync(new Uri(gateway.Fake, path), streamBody, direct, firstTokenRequests).ConfigureAwait(false);
                    ttftErrors = e1 + e2;
                }

                log.WriteLine($"  e2e {name,-22} c={concurrency} #{repetition}  gateway p50 {Percentile(viaGateway, 50),8:0} µs  direct p50 {Percentile(viaDirect, 50),8:0} µs  errors {gatewayErrors + directErrors + ttftErrors}"
                    + (gatewayErrors > 0 ? $" (gateway: {gatewayErrorKinds})" : "") + (directErrors > 0 ? $" (direct: {directErrorKinds})" : ""));
                runs.Add((viaGateway, viaDirect, gatewayTtft, directTtft, gatewayErrors + directErrors + ttftErrors));
            }

            var row = new JsonObject
            {
                ["name"] = name,
                ["concurrency"] = concurrency,
                ["requests"] = requests,
                ["fake_latency_ms"] = FakeLatencyMs,
                ["gateway_p50_us"] = Median(runs.Select(r => Percentile(r.Gateway, 50))),
                ["gateway_p99_us"] = Median(runs.Select(r => Percentile(r.Gateway, 99))),
                ["direct_p50_us"] = Median(runs.Select(r => Percentile(r.Direct, 50))),
                ["direct_p99_us"] = Median(runs.Select(r => Percentile(r.Direct, 99))),
                ["added_p50_us"] = Median(runs.Select(r => Percentile(r.Gateway, 50) - Percentile(r.Direct, 50))),
                ["added_p99_us"] = Median(runs.Select(r => Percentile(r.Gateway, 99) - Percentile(r.Direct, 99))),
                ["repetitions"] = runs.Count,
                ["errors"] = runs.Sum(r => r.Errors),
                ["leaked_streams"] = 0,
            };
            if (body == streamed)
            {
                row["gateway_ttft_p50_us"] = Median(runs.Select(r => Percentile(r.GatewayTtft, 50)));
                row["direct_ttft_p50_us"] = Median(runs.Select(r => Percentile(r.DirectTtft, 50)));
                row["added_ttft_p50_us"] = Median(runs.Select(r => Percentile(r.GatewayTtft, 50) - Percentile(r.DirectTtft, 50)));
                row["added_ttft_p99_us"] = Median(runs.Select(r => Percentile(r.GatewayTtft, 99) - Percentile(r.DirectTtft, 99)));
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Queues one delayed reply per request for the fake OpenAI provider (replies without a script have no delay).</summary>
    private static async Task ScriptLatencyAsync(Uri fake, int count)
    {
        using var reset = await Control.PostAsync(new Uri(fake, "__fake/reset"), null).ConfigureAwait(false);
        var reply = new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject { ["text"] = string.Concat(Enumerable.Repeat("Reload keeps the old snapshot when the new file is invalid. ", 30)) }),
            ["usage"] = new JsonObject { ["inputTokens"] = 2100, ["outputTokens"] = 420 },
            ["fault"] = new JsonObject { ["delayBeforeHeadersMs"] = FakeLatencyMs },
        };
        var replies = new JsonArray();
        for (var i = 0; i < count + 8; i++)
        {
            replies.Add(reply.DeepClone());
        }

        using var content = new StringContent(new JsonObject { ["provider"] = "openai", ["replies"] = replies }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await Control.PostAsync(new Uri(fake, "__fake/script"), content).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : Math.Round(sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2, 1);
    }
}
