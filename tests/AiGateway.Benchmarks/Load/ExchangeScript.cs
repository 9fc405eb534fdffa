using System.Text.Json.Nodes;
using AiGateway.Processor.ExtProc.Recording;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// One recorded client request as Envoy plays it (docs/recording.md): the router-level stream's messages and the
/// upstream-level stream of its attempt, which runs between the router's request and response phases. Each replay
/// gets a fresh request id (router <c>x-request-id</c>, upstream <c>x-aigw-request-id</c>) so concurrent replays of
/// the same recording stay apart in the processor's request store.
/// </summary>
internal sealed class ExchangeScript
{
    private ExchangeScript(string name, IReadOnlyList<RecordedMessage> router, IReadOnlyList<IReadOnlyList<RecordedMessage>> attempts)
    {
        Name = name;
        Router = router;
        Attempts = attempts;
    }

    public string Name { get; }

    public IReadOnlyList<RecordedMessage> Router { get; }

    public IReadOnlyList<IReadOnlyList<RecordedMessage>> Attempts { get; }

    /// <summary>Messages the processor answers per replay, both levels (for the per-message figures).</summary>
    public int AnsweredMessages => Router.Count(m => m.Answer != ProcessingResponse.ResponseOneofCase.None)
        + Attempts.Sum(a => a.Count(m => m.Answer != ProcessingResponse.ResponseOneofCase.None));

    /// <summary>Response body chunks of the router stream (a streamed response has many).</summary>
    public IReadOnlyList<RecordedMessage> ResponseBodyChunks =>
        [.. Router.Where(m => m.Request.RequestCase == ProcessingRequest.RequestOneofCase.ResponseBody)];

    /// <summary>Loads a folder holding one router-level recording and the upstream-level recordings of its attempts.</summary>
    public static ExchangeScript Load(string folder)
    {
        IReadOnlyList<RecordedMessage>? router = null;
        var attempts = new List<IReadOnlyList<RecordedMessage>>();
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
            var level = JsonNode.Parse(lines[0])?["filter_level"]?.GetValue<string>();
            var messages = Parse(lines);
            if (level == "upstream")
            {
                attempts.Add(messages);
            }
            else
            {
                router = router is null ? messages : throw new InvalidDataException($"{folder} holds more than one router-level recording.");
            }
        }

        return new ExchangeScript(Path.GetFileName(folder), router ?? throw new InvalidDataException($"{folder} holds no router-level recording."), attempts);
    }

    /// <summary>A copy of a recorded message for one replay, with the request id headers set to <paramref name="requestId"/>.</summary>
    public static ProcessingRequest ForReplay(RecordedMessage message, ByteString requestId)
    {
        var request = message.Request;
        var headers = request.RequestCase == ProcessingRequest.RequestOneofCase.RequestHeaders ? request.RequestHeaders.Headers : null;
        if (headers is null)
        {
            return request;
        }

        var copy = request.Clone();
        foreach (var header in copy.RequestHeaders.Headers.Headers)
        {
            if (header.Key is "x-request-id" or "x-aigw-request-id")
            {
                header.RawValue = requestId;
            }
        }

        return copy;
    }

    private static List<RecordedMessage> Parse(string[] lines)
    {
        var messages = new List<RecordedMessage>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = JsonNode.Parse(lines[i])!.AsObject();
            if (line[RecordingFormat.RequestKey] is not { } request)
            {
                continue;
            }

            var answer = ProcessingResponse.ResponseOneofCase.None;
            if (i + 1 < lines.Length && JsonNode.Parse(lines[i + 1])?[RecordingFormat.ResponseKey] is { } response)
            {
                answer = RecordingFormat.Parser.Parse<ProcessingResponse>(response.ToJsonString()).ResponseCase;
            }

            messages.Add(new RecordedMessage(RecordingFormat.Parser.Parse<ProcessingRequest>(request.ToJsonString()), answer));
        }

        return messages;
    }
}
