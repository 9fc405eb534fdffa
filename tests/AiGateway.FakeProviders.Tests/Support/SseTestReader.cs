using System.Text.Json.Nodes;

namespace AiGateway.FakeProviders.Tests.Support;

/// <summary>Splits an SSE body into events (event name, data), checking each ends with a blank line.</summary>
internal static class SseTestReader
{
    public static IReadOnlyList<SseTestEvent> Parse(string body)
    {
        var events = new List<SseTestEvent>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            string? data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
                else
                {
                    throw new InvalidDataException("Unexpected SSE line: " + line);
                }
            }

            events.Add(new SseTestEvent(name, data ?? throw new InvalidDataException("SSE event without data.")));
        }

        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        return events;
    }
}
