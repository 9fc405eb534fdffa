using System.Text;
using AiGateway.Processor.Tests.Translation;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// Reads the translation golden files (tests/AiGateway.Processor.Tests/Golden, copied next to the benchmarks) so the
/// benchmarks translate the shapes real providers send. Bedrock streams are stored as one JSON frame per line and
/// encoded to AWS event-stream bytes by the golden tests' own encoder (<see cref="GoldenStreamFrames"/>, a linked file).
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
            return [.. File.ReadAllLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(GoldenStreamFrames.Encode)];
        }

        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => Encoding.UTF8.GetBytes(e + "\n\n"))];
    }
}
