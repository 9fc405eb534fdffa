using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.ExtProc.Recording;
using AiGateway.Processor.Hosting;
using AiGateway.Processor.Routing;
using Envoy.Service.ExtProc.V3;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiGateway.Processor.ExtProc.Replay;

/// <summary>
/// Replays recorded ext_proc streams (docs/recording.md): drives the processor in-process with each file's
/// requests in order and compares its responses with the recorded ones after normalisation. Files in one folder
/// share one processor instance (so an upstream-level stream finds its router-level request) and use the
/// <c>aigw.yaml</c> found in that folder or the nearest parent.
/// </summary>
internal static class ExchangeReplayer
{
    public const string ConfigFileName = "aigw.yaml";
    private static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan UnansweredWait = TimeSpan.FromSeconds(1);

    /// <summary>Every recording under <paramref name="root"/>, grouped by folder, in a stable order.</summary>
    public static IReadOnlyList<string> FindRecordings(string root) =>
        [.. Directory.EnumerateFiles(root, "*.jsonl", SearchOption.AllDirectories)
            .Where(f => File.ReadLines(f).FirstOrDefault()?.StartsWith("{\"aigw_recording\"", StringComparison.Ordinal) == true)
            .Order(StringComparer.Ordinal)];

    public static async Task<IReadOnlyList<ReplayResult>> ReplayAsync(string root, bool update, CancellationToken cancellationToken)
    {
        var results = new List<ReplayResult>();
        foreach (var group in FindRecordings(root).GroupBy(f => Path.GetDirectoryName(f)!))
        {
            var config = FindConfig(group.Key, root);
            if (config is null)
            {
                results.AddRange(group.Select(f => new ReplayResult(f, $"No {ConfigFileName} in {group.Key} or a parent folder up to {root}: the replay needs the config the recording was made with.")));
                continue;
            }

            await using var services = BuildServices(config);
            results.AddRange(await ReplayGroupAsync(services, [.. group], update, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// Replays the files of one folder as Envoy ran them: each router-level stream in order, and the upstream-level
    /// streams of its attempts (matched by <c>x-aigw-request-id</c>) in between its request and its response phase,
    /// as real attempts happen while the router-level stream waits for the response.
    /// </summary>
    public static async Task<IReadOnlyList<ReplayResult>> ReplayGroupAsync(IServiceProvider services, IReadOnlyList<string> files, bool update, CancellationToken cancellationToken)
    {
        var results = new List<ReplayResult>();
        var attempts = files.Where(f => LevelOf(f) == "upstream")
            .GroupBy(f => AttemptRequestId(f) ?? "")
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var file in files.Where(f => LevelOf(f) != "upstream"))
        {
            var requestId = RouterRequestId(file);
            results.Add(await ReplayFileAsync(services, file, update, cancellationToken, async () =>
            {
                if (requestId is not null && attempts.Remove(requestId, out var own))
                {
                    foreach (var attempt in own)
                    {
                        results.Add(await ReplayFileAsync(services, attempt, update, cancellationToken).ConfigureAwait(false));
                    }
                }
            }).ConfigureAwait(false));
        }

        foreach (var orphan in attempts.Values.SelectMany(a => a))
        {
            results.Add(await ReplayFileAsync(services, orphan, update, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Replays one file against an existing processor (its config must be the one the file was made with).</summary>
    /// <param name="beforeResponse">Runs once before the first response-phase message (the attempts of this request).</param>
    public static async Task<ReplayResult> ReplayFileAsync(IServiceProvider services, string file, bool update, CancellationToken cancellationToken, Func<Task>? beforeResponse = null)
    {
        var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0 || JsonNode.Parse(lines[0]) is not JsonObject header || header["aigw_recording"] is null)
        {
            return new ReplayResult(file, "The first line is not a recording header ({\"aigw_recording\":1,…}).");
        }

        var service = services.GetRequiredService<ExternalProcessorService>();
        var redactor = new RecordingRedactor(services.GetRequiredService<ISecretValueSource>().SecretValues());
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var requests = new InMemoryStream<ProcessingRequest>();
        var responses = new InMemoryStream<ProcessingResponse>();
        var processing = service.Process(requests, responses, new InMemoryCallContext(cancel.Token));
        var actualLines = new List<string>();
        string? diff = null;
        var responseIndex = 0;
        for (var i = 1; i < lines.Length && (diff is null || update); i++)
        {
            var line = JsonNode.Parse(lines[i])!.AsObject();
            if (line[RecordingFormat.RequestKey] is { } request)
            {
                if (beforeResponse is not null && (request["responseHeaders"] is not null || request["responseBody"] is not null))
                {
                    await beforeResponse().ConfigureAwait(false);
                    beforeResponse = null;
                }

                await requests.WriteAsync(RecordingFormat.Parser.Parse<ProcessingRequest>(request.ToJsonString()), cancellationToken).ConfigureAwait(false);
                actualLines.Add(lines[i]);
                var answered = i + 1 < lines.Length && lines[i + 1].StartsWith("{\"" + RecordingFormat.ResponseKey + "\"", StringComparison.Ordinal);
                if (update && !answered && await ReadAsync(responses, UnansweredWait, cancellationToken).ConfigureAwait(false) is { } fresh)
                {
                    // Writing a recording from requests alone (or one that now gets an answer it did not get before).
                    actualLines.Add(RecordingFormat.MessageLine(RecordingFormat.ResponseKey, fresh));
                    diff ??= "new response";
                }

                continue;
            }

            var expected = line[RecordingFormat.ResponseKey]!.ToJsonString();
            responseIndex++;
            var actual = await ReadAsync(responses, MessageTimeout, cancellationToken).ConfigureAwait(false);
            if (actual is null)
            {
                diff = $"response #{responseIndex}: the processor sent nothing within {MessageTimeout.TotalSeconds:0}s; expected:\n{ReplayNormalizer.Normalize(expected)}";
                break;
            }

            // Recordings hold redacted credentials; the processor's answer is redacted the same way before comparing.
            actual = redactor.Redact(actual);
            var actualJson = RecordingFormat.Formatter.Format(actual);
            actualLines.Add(RecordingFormat.MessageLine(RecordingFormat.ResponseKey, actual));
            diff ??= Compare(responseIndex, expected, actualJson);
        }

        requests.Complete();
        try
        {
            await processing.WaitAsync(MessageTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            diff ??= "the processor did not end the stream after the last request was half-closed.";
        }

        if (diff is null && responses.Reader.TryRead(out var extra))
        {
            diff = $"the processor sent a response the recording does not have:\n{ReplayNormalizer.Normalize(RecordingFormat.Formatter.Format(extra))}";
        }

        if (diff is not null && update)
        {
            var newHeader = header.DeepClone().AsObject();
            newHeader["processor_version"] = ExchangeRecorder.ProcessorVersion;
            newHeader["config_hash"] = services.GetRequiredService<Configuration.GatewayConfigStore>().Current.Hash;
            await File.WriteAllTextAsync(file, newHeader.ToJsonString() + "\n" + string.Join('\n', actualLines) + "\n", cancellationToken).ConfigureAwait(false);
            return new ReplayResult(file, null, Updated: true);
        }

        return new ReplayResult(file, diff);
    }

    /// <summary>
    /// The processor as recorded, but with stand-in credentials: provider keys referenced through unset environment
    /// variables get a replay value, and AWS signing uses fixed replay credentials. Credentials are redacted in
    /// recordings, so the comparison never depends on them.
    /// </summary>
    public static ServiceProvider BuildServices(string configPath)
    {
        foreach (var provider in Configuration.GatewayConfigLoader.LoadFile(configPath).Config.Providers.Values)
        {
            if (provider.ApiKey?.Env is { } name && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            {
                Environment.SetEnvironmentVariable(name, "replay-secret-" + name.ToLowerInvariant());
            }
        }

        var services = new ServiceCollection();
        services.AddLogging();
        ProcessorHost.AddProcessorServices(services, configPath);
        services.AddSingleton<Credentials.IAwsCredentialSource>(new ReplayAwsCredentials());

        // A replay is not traffic: it writes no usage records or metrics.
        services.Remove(services.Single(d => d.ImplementationType == typeof(Telemetry.UsageRecorder)));
        return services.BuildServiceProvider();
    }

    private static string? LevelOf(string file) =>
        JsonNode.Parse(File.ReadLines(file).First())?["filter_level"]?.GetValue<string>();

    /// <summary>The id an upstream attempt carries in its request headers.</summary>
    private static string? AttemptRequestId(string file) => HeaderOfFirstRequest(file, RequestIdStage.HeaderName);

    /// <summary>The id the router-level stream gave its request (Envoy's x-request-id, which RequestIdStage reuses).</summary>
    private static string? RouterRequestId(string file) => HeaderOfFirstRequest(file, "x-request-id");

    private static string? HeaderOfFirstRequest(string file, string name)
    {
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            if (JsonNode.Parse(line)?[RecordingFormat.RequestKey]?["requestHeaders"]?["headers"]?["headers"] is JsonArray headers)
            {
                foreach (var header in headers)
                {
                    if (header?["key"]?.GetValue<string>() == name && header["rawValue"]?.GetValue<string>() is { } raw)
                    {
                        return Encoding.Latin1.GetString(Convert.FromBase64String(raw));
                    }
                }

                return null;
            }
        }

        return null;
    }

    private static async Task<ProcessingResponse?> ReadAsync(InMemoryStream<ProcessingResponse> responses, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await responses.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static string? Compare(int index, string expectedJson, string actualJson)
    {
        var expected = ReplayNormalizer.Normalize(expectedJson);
        var actual = ReplayNormalizer.Normalize(actualJson);
        return expected == actual ? null : $"response #{index} differs (- recorded, + now):\n{LineDiff(expected, actual)}";
    }

    /// <summary>A compact line diff: common prefix and suffix trimmed, the differing middle shown with a little context.</summary>
    internal static string LineDiff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        var endA = a.Length - 1;
        var endB = b.Length - 1;
        while (endA >= start && endB >= start && a[endA] == b[endB])
        {
            endA--;
            endB--;
        }

        var text = new StringBuilder();
        for (var i = Math.Max(0, start - 3); i < start; i++)
        {
            text.Append("  ").AppendLine(a[i]);
        }

        for (var i = start; i <= endA; i++)
        {
            text.Append("- ").AppendLine(a[i]);
        }

        for (var i = start; i <= endB; i++)
        {
            text.Append("+ ").AppendLine(b[i]);
        }

        for (var i = endA + 1; i < Math.Min(a.Length, endA + 4); i++)
        {
            text.Append("  ").AppendLine(a[i]);
        }

        return text.ToString();
    }

    private static string? FindConfig(string directory, string root)
    {
        var stop = Path.GetFullPath(root);
        for (var current = Path.GetFullPath(directory); current is not null; current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, ConfigFileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (string.Equals(current, stop, StringComparison.Ordinal))
            {
                break;
            }
        }

        return null;
    }
}
