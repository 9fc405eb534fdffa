using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>
/// Golden cases live in <c>Golden/{Requests,Responses,Streams}/&lt;client&gt;__&lt;provider&gt;__&lt;name&gt;.input.*</c> with a matching
/// <c>.expected.*</c>. Bedrock streams are written as <c>.input.jsonl</c> (one frame per line) and encoded here.
/// </summary>
internal static class GoldenFiles
{
    public static readonly ResponseContext Context = new("public-model", "req-1", 1700000000);

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Golden");

    public static TheoryData<string> Cases(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, kind), "*.input.*").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            data.Add(name[..name.IndexOf(".input.", StringComparison.Ordinal)]);
        }

        return data;
    }

    public static (ApiSchema Client, ApiSchema Provider) Pair(string name)
    {
        var parts = name.Split("__");
        Assert.True(ApiSchemaNames.TryParse(parts[0], out var client), parts[0]);
        Assert.True(ApiSchemaNames.TryParse(parts[1], out var provider), parts[1]);
        return (client, provider);
    }

    public static string InputPath(string kind, string name) => Directory.GetFiles(Path.Combine(Root, kind), name + ".input.*").Single();

    public static string ExpectedPath(string kind, string name) => Directory.GetFiles(Path.Combine(Root, kind), name + ".expected.*").Single();

    /// <summary>Input bytes; <c>.jsonl</c> Bedrock frame descriptions are encoded as an AWS event stream.</summary>
    public static byte[] Input(string kind, string name)
    {
        var path = InputPath(kind, name);
        return path.EndsWith(".jsonl", StringComparison.Ordinal) ? EncodeFrames(File.ReadAllLines(path)) : File.ReadAllBytes(path);
    }

    /// <summary>Golden Bedrock frame lines (<see cref="GoldenStreamFrames"/>) as one AWS event stream.</summary>
    public static byte[] EncodeFrames(IEnumerable<string> lines)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var line in lines)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                output.Write(GoldenStreamFrames.Encode(line));
            }
        }

        return output.WrittenSpan.ToArray();
    }

    public static void AssertJsonEqual(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"JSON differs.\nexpected: {expectedNode?.ToJsonString()}\nactual:   {actualNode?.ToJsonString()}");
    }

    /// <summary>Splits an SSE text into (event name, data) pairs.</summary>
    public static List<(string Event, string Data)> SseEvents(string text)
    {
        var events = new List<(string, string)>();
        foreach (var block in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var name = string.Empty;
            var data = new StringBuilder();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line[6..]);
                }
            }

            if (data.Length > 0)
            {
                events.Add((name, data.ToString()));
            }
        }

        return events;
    }

    public static void AssertSseEqual(string expected, string actual)
    {
        var expectedEvents = SseEvents(expected);
        var actualEvents = SseEvents(actual);
        for (var i = 0; i < Math.Min(expectedEvents.Count, actualEvents.Count); i++)
        {
            Assert.Equal(expectedEvents[i].Event, actualEvents[i].Event);
            if (expectedEvents[i].Data.StartsWith('{'))
            {
                AssertJsonEqual(expectedEvents[i].Data, actualEvents[i].Data);
            }
            else
            {
                Assert.Equal(expectedEvents[i].Data, actualEvents[i].Data);
            }
        }

        Assert.Equal(expectedEvents.Count, actualEvents.Count);
    }

    /// <summary>When <c>AIGW_GOLDEN_WRITE</c> is set and the expected file is missing, writes it (review before committing).</summary>
    public static string? ExpectedOrWrite(string kind, string name, string extension, string actual)
    {
        var existing = Directory.GetFiles(Path.Combine(Root, kind), name + ".expected.*");
        if (existing.Length == 1)
        {
            return File.ReadAllText(existing[0]);
        }

        if (Environment.GetEnvironmentVariable("AIGW_GOLDEN_WRITE") is { Length: > 0 } sourceRoot)
        {
            File.WriteAllText(Path.Combine(sourceRoot, kind, name + ".expected." + extension), actual);
        }

        return null;
    }

    public static string Pretty(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
