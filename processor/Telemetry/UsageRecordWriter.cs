using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// The per-request usage and audit record (docs/observability.md lists every field): who, what, where it went
/// (every attempt), what it used and cost, by kind and at which pricing version, and the budget settlement. Never a
/// key (only its id); prompt and completion text only for <c>capture_content</c> teams, through the content masker.
/// </summary>
internal static class UsageRecordWriter
{
    /// <summary>
    /// Bumped when a field changes meaning; readers (<c>aigw usage</c>) accept every version so far. 3: usage may be
    /// the gateway's estimate of a stream cut before the provider's usage, marked by <c>usage_estimated</c> (adr/019).
    /// </summary>
    public const int Version = 3;

    /// <summary>A buffer kept for the next record when it grew no larger than this (content capture can make megabytes).</summary>
    private const int KeptBufferBytes = 16 * 1024;

    // One writer and buffer per thread, reset for each record: a record is written on the thread that ends its stream,
    // so only the finished line is allocated (docs/performance.md, "Found by profiling: session 5").
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Write(Exchange exchange, ExchangeCost cost, DateTimeOffset endedAt, long endTimestamp, TimeProvider time, IRecordContentMasker? content = null)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            writer.WriteNumber("record_version"u8, Version);
            writer.WriteString("request_id"u8, exchange.RequestId);
            WriteTimestamp(writer, "started_at"u8, exchange.StartedAtUtc);
            WriteTimestamp(writer, "ended_at"u8, endedAt);
            writer.WriteNumber("duration_ms"u8, (long)time.GetElapsedTime(exchange.StartedAt, endTimestamp).TotalMilliseconds);
            writer.WriteString("team"u8, exchange.Caller?.Team);
            writer.WriteString("caller"u8, exchange.Caller?.Id);
            writer.WriteString("key_id"u8, exchange.Caller?.KeyId);
            writer.WriteString("client_api"u8, Api(exchange.Endpoint));
            writer.WriteString("model"u8, exchange.Model);
            writer.WriteString("request_model"u8, exchange.Routed?.Parsed?.Model ?? exchange.Model);
            var routed = exchange.Routed;
            writer.WriteString("backend"u8, routed?.LastAttempt?.BackendName);
            writer.WriteString("provider_model"u8, routed?.LastAttempt?.ModelId);
            WriteAttempts(writer, exchange, endTimestamp, time);
            writer.WriteNumber("upstream_status"u8, exchange.UpstreamStatus.Status);
            writer.WriteString("outcome"u8, exchange.Outcome);
            writer.WriteString("error_type"u8, GenAiTags.ErrorType(exchange));
            writer.WriteString("finish_reason"u8, exchange.ResponseEnd.FinishReason is { } finish ? FinishReasonNames.Name(finish) : null);
            var usage = exchange.Usage ?? default;
            writer.WriteStartObject("usage"u8);
            writer.WriteNumber("input_tokens"u8, usage.InputTokens);
            writer.WriteNumber("output_tokens"u8, usage.OutputTokens);
            writer.WriteNumber("cache_read_tokens"u8, usage.CacheReadTokens);
            writer.WriteNumber("cache_write_tokens"u8, usage.CacheWriteTokens);
            writer.WriteNumber("reasoning_tokens"u8, usage.ReasoningTokens);
            writer.WriteEndObject();
            writer.WriteBoolean("usage_estimated"u8, exchange.UsageEstimated);
            WriteCost(writer, exchange, cost);
            WriteBudget(writer, exchange, cost);
            WriteGuardrails(writer, exchange);
            if (content is not null && ContentCaptureStage.Captures(exchange))
            {
                WriteContent(writer, exchange, content);
            }

            writer.WriteEndObject();
            writer.Flush();
            buffer.Write("\n"u8);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    /// <summary>The round-trip ("O") form, formatted on the stack.</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset value)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out var length, "O", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..length]);
    }

    /// <summary>Each guardrail decision: policy, rule, action, direction; never the matched text (docs/guardrails.md).</summary>
    private static void WriteGuardrails(Utf8JsonWriter writer, Exchange exchange)
    {
        writer.WriteStartArray("guardrails"u8);
        foreach (var decision in exchange.GuardrailDecisions)
        {
            writer.WriteStartObject();
            writer.WriteString("policy"u8, decision.Policy);
            writer.WriteString("rule"u8, decision.Rule);
            writer.WriteString("action"u8, decision.Action == Guardrails.GuardrailAction.Detect ? "detect" : decision.Action == Guardrails.GuardrailAction.Mask ? "mask" : "block");
            writer.WriteString("direction"u8, decision.Direction == Guardrails.GuardrailDirection.Request ? "request" : "response");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (exchange.GuardrailFirstTokenDelay is { } delay)
        {
            writer.WriteNumber("guardrail_first_token_delay_ms"u8, delay.TotalMilliseconds);
        }
    }

    public static string Api(ClientEndpoint endpoint) => endpoint switch
    {
        ClientEndpoint.OpenAiChatCompletions => "openai.chat.completions",
        ClientEndpoint.AnthropicMessages => "anthropic.messages",
        ClientEndpoint.AnthropicCountTokens => "anthropic.count_tokens",
        ClientEndpoint.Models => "models",
        _ => "unknown",
    };

    /// <summary>Micro-USD as exact USD (a price per million tokens is micro-USD per token: PriceBook).</summary>
    public static decimal Usd(decimal microUsd) => microUsd / 1_000_000m;

    private static void WriteAttempts(Utf8JsonWriter writer, Exchange exchange, long endTimestamp, TimeProvider time)
    {
        writer.WriteStartArray("attempts"u8);
        var attempts = exchange.Routed?.Attempts() ?? [];
        for (var i = 0; i < attempts.Count; i++)
        {
            var attempt = attempts[i];
            var last = i == attempts.Count - 1;
            writer.WriteStartObject();
            writer.WriteString("backend"u8, attempt.BackendName);

            // The upstream filter sees response headers only when configured to; the last attempt's status is always
            // the one the client's answer was made from. An earlier attempt was retried by Envoy (5xx, 429, reset).
            var status = attempt.Status > 0 ? attempt.Status : last ? exchange.UpstreamStatus.Status : 0;
            if (status > 0)
            {
                writer.WriteNumber("status"u8, status);
            }
            else
            {
                writer.WriteNull("status"u8);
            }

            writer.WriteBoolean("retried"u8, !last);
            var ended = attempt.EndedAt > 0 ? attempt.EndedAt : endTimestamp;
            writer.WriteNumber("latency_ms"u8, attempt.StartedAt > 0 ? (long)time.GetElapsedTime(attempt.StartedAt, ended).TotalMilliseconds : 0);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteCost(Utf8JsonWriter writer, Exchange exchange, ExchangeCost cost)
    {
        writer.WriteNumber("cost_usd"u8, Usd(exchange.CostMicroUsd ?? cost.TotalMicroUsd));
        writer.WriteStartObject("cost"u8);
        writer.WriteNumber("input_usd"u8, Usd(cost.Input));
        writer.WriteNumber("output_usd"u8, Usd(cost.Output));
        writer.WriteNumber("cache_read_usd"u8, Usd(cost.CacheRead));
        writer.WriteNumber("cache_write_usd"u8, Usd(cost.CacheWrite));
        writer.WriteNumber("reasoning_usd"u8, Usd(cost.Reasoning));
        writer.WriteEndObject();

        // The pricing version is the effective_from of the price entry used (PriceConfig): entries are never edited,
        // a change adds a later one, so the date names the price exactly (docs/cost-attribution.md).
        if (cost.Price is { } price)
        {
            WriteTimestamp(writer, "pricing_version"u8, price.EffectiveFrom);
        }
        else
        {
            writer.WriteNull("pricing_version"u8);
        }

        WriteTimestamp(writer, "priced_at"u8, exchange.BudgetHold?.PricedAt ?? exchange.StartedAtUtc);
    }

    private static void WriteBudget(Utf8JsonWriter writer, Exchange exchange, ExchangeCost cost)
    {
        writer.WriteString("budget_reservation"u8, exchange.BudgetHold?.ReservationId);
        if (exchange.BudgetHold is not { } hold)
        {
            writer.WriteNull("budget"u8);
            return;
        }

        writer.WriteStartObject("budget"u8);
        writer.WriteString("reservation_id"u8, hold.ReservationId);
        writer.WriteNumber("reserved_usd"u8, Usd(hold.AmountMicroUsd));
        writer.WriteNumber("settled_usd"u8, Usd(exchange.CostMicroUsd ?? cost.TotalMicroUsd));
        writer.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter writer, Exchange exchange, IRecordContentMasker masker)
    {
        writer.WriteStartObject("content"u8);
        if (exchange.Routed is { } routed)
        {
            writer.WriteString("request"u8, masker.Mask(exchange, Encoding.UTF8.GetString(routed.OriginalBody.Span)));
        }

        if (exchange.CapturedResponse is { } response)
        {
            writer.WriteString("response"u8, masker.Mask(exchange, Encoding.UTF8.GetString(response.WrittenSpan)));
            writer.WriteBoolean("response_truncated"u8, response.WrittenCount >= ContentCaptureStage.MaxBytes);
        }

        writer.WriteEndObject();
    }
}
