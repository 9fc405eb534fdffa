using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// One CloudWatch Embedded Metric Format line per request (provider-apis.md §6.5): dimensions [Team, Model] and
/// [Model]; token counts, cost and latency as metrics. Low-cardinality dimensions only (never request ids).
/// </summary>
internal static class EmfLineWriter
{
    /// <param name="time">Converts the exchange's monotonic first-byte timestamp; without it no TimeToFirstToken is written.</param>
    public static byte[] Write(Exchange exchange, string metricNamespace, DateTimeOffset endedAt, TimeProvider? time = null)
    {
        var usage = exchange.Usage ?? default;

        // Time to first token is defined for successful responses only (as gen_ai.server.time_to_first_token).
        var firstToken = time is not null && exchange.FirstResponseBodyAt != 0 && exchange.Outcome == "ok"
            ? (long?)time.GetElapsedTime(exchange.StartedAt, exchange.FirstResponseBodyAt).TotalMilliseconds
            : null;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_aws"u8);
            writer.WriteNumber("Timestamp"u8, endedAt.ToUnixTimeMilliseconds());
            writer.WriteStartArray("CloudWatchMetrics"u8);
            writer.WriteStartObject();
            writer.WriteString("Namespace"u8, metricNamespace);
            writer.WriteStartArray("Dimensions"u8);
            writer.WriteStartArray();
            writer.WriteStringValue("Team"u8);
            writer.WriteStringValue("Model"u8);
            writer.WriteEndArray();
            writer.WriteStartArray();
            writer.WriteStringValue("Model"u8);
            writer.WriteEndArray();
            writer.WriteEndArray();
            writer.WriteStartArray("Metrics"u8);
            Metric(writer, "InputTokens", "Count");
            Metric(writer, "OutputTokens", "Count");
            Metric(writer, "CacheReadTokens", "Count");
            Metric(writer, "CacheWriteTokens", "Count");
            Metric(writer, "CostUsd", "None");
            Metric(writer, "Latency", "Milliseconds");
            if (firstToken is not null)
            {
                Metric(writer, "TimeToFirstToken", "Milliseconds");
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteString("Team"u8, exchange.Caller?.Team ?? "unknown");
            writer.WriteString("Model"u8, exchange.Model ?? "unknown");
            writer.WriteNumber("InputTokens"u8, usage.InputTokens);
            writer.WriteNumber("OutputTokens"u8, usage.OutputTokens);
            writer.WriteNumber("CacheReadTokens"u8, usage.CacheReadTokens);
            writer.WriteNumber("CacheWriteTokens"u8, usage.CacheWriteTokens);
            writer.WriteNumber("CostUsd"u8, (exchange.CostMicroUsd ?? 0) / 1_000_000m);
            writer.WriteNumber("Latency"u8, (long)(endedAt - exchange.StartedAtUtc).TotalMilliseconds);
            if (firstToken is { } ttft)
            {
                writer.WriteNumber("TimeToFirstToken"u8, ttft);
            }

            writer.WriteString("RequestId"u8, exchange.RequestId);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Metric(Utf8JsonWriter writer, string name, string unit)
    {
        writer.WriteStartObject();
        writer.WriteString("Name"u8, name);
        writer.WriteString("Unit"u8, unit);
        writer.WriteEndObject();
    }
}
