using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiGateway.Processor.Tests.Telemetry;

/// <summary>The Embedded Metric Format rules of shared/reference/provider-apis.md §6.5, as assertions.</summary>
internal static partial class EmfSpecification
{
    private static readonly HashSet<string> Units =
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits",
        "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
        "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ];

    public static void AssertValid(JsonElement root)
    {
        var aws = root.GetProperty("_aws");
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(aws.GetProperty("Timestamp").GetInt64());
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddDays(-14), DateTimeOffset.UtcNow.AddHours(2));
        foreach (var directive in aws.GetProperty("CloudWatchMetrics").EnumerateArray())
        {
            var ns = directive.GetProperty("Namespace").GetString()!;
            Assert.Matches(Namespace(), ns);
            Assert.InRange(ns.Length, 1, 256);
            foreach (var set in directive.GetProperty("Dimensions").EnumerateArray())
            {
                Assert.InRange(set.GetArrayLength(), 1, 30);
                foreach (var dimension in set.EnumerateArray())
                {
                    var name = dimension.GetString()!;
                    Assert.InRange(name.Length, 1, 250);
                    var value = root.GetProperty(name);
                    Assert.Equal(JsonValueKind.String, value.ValueKind);
                    Assert.InRange(value.GetString()!.Length, 1, 1024);
                    Assert.True(value.GetString()!.All(char.IsAscii));
                }
            }

            var metrics = directive.GetProperty("Metrics").EnumerateArray().ToList();
            Assert.InRange(metrics.Count, 1, 100);
            foreach (var metric in metrics)
            {
                Assert.Equal(JsonValueKind.Number, root.GetProperty(metric.GetProperty("Name").GetString()!).ValueKind);
                if (metric.TryGetProperty("Unit", out var unit))
                {
                    Assert.Contains(unit.GetString()!, Units);
                }
            }
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9._#:/-]+$")]
    private static partial Regex Namespace();
}
