using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Schemas.Bedrock;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// Reads the translation golden files (tests/AiGateway.Processor.Tests/Golden, copied next to the benchmarks) so the
/// benchmarks translate the shapes real providers send. Bedrock streams are stored as one JSON frame per line and
/// encoded to AWS event-stream bytes here, as the golden tests do.
/// </summary>
internal static class GoldenInputs
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>The first golden input of <paramref name="kind"/> (Requests, Responses, Streams) for the pair.</summary>
    public static string PathFor(string kind, TranslationPair pair)
    {
        var files = Directory.GetFiles(Path.Combine(Root, kind), pair.Name + "__*.input.*").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No golden {kind} input for {pair.Name} under {Root}.");
        }

        return files[0];
    }

    public static byte[] Response(TranslationPair pair) => File.ReadAllBytes(PathFor("Responses", pair));

    /// <summary>
    /// The pair's first golden stream that carries a text delta (some golden streams are error cases), split into the
    /// provider's events: SSE events (each with its blank line) or event-stream frames.
    /// </summary>
    public static IReadOnlyList<byte[]> StreamEvents(TranslationPair pair)
    {
        foreach (var path in Directory.GetFiles(Path.Combine(Root, "Streams"), pair.Name + "__*.input.*").Order(StringComparer.Ordinal))
        {
            var events = ReadEvents(path);
            if (events.Any(Load.StreamEvents.IsTextDelta))
            {
                return events;
            }
        }

        throw new FileNotFoundException($"No golden stream with a text delta for {pair.Name} under {Root}.");
    }

    private static List<byte[]> ReadEvents(string path)
    {
        if (path.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return [.. File.ReadAllLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(EncodeFrame)];
        }

        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => Encoding.UTF8.GetBytes(e + "\n\n"))];
    }

    private static byte[] EncodeFrame(string line)
    {
        var output = new ArrayBufferWriter<byte>();
        var node = JsonNode.Parse(line)!.AsObject();
        if (node["chunk"] is { } chunk)
        {
            var bytes = Convert.ToBase64String(Encoding.UTF8.GetBytes(chunk.ToJsonString()));
            AwsEventStreamEncoder.WriteEvent(output, "chunk", Encoding.UTF8.GetBytes($"{{\"bytes\":\"{bytes}\"}}"));
        }
        else if (node["exception"] is { } exception)
        {
            AwsEventStreamEncoder.WriteException(output, exception.GetValue<string>(), Encoding.UTF8.GetBytes(node["payload"]!.ToJsonString()));
        }
        else
        {
            AwsEventStreamEncoder.WriteEvent(output, node["event"]!.GetValue<string>(), Encoding.UTF8.GetBytes(node["payload"]!.ToJsonString()));
        }

        return output.WrittenSpan.ToArray();
    }
}
