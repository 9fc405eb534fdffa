using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// The per-request usage record (docs/observability.md): who, what, where it went, what it used and cost. Never a
/// key (only its id), never prompt or completion text.
/// </summary>
internal static class UsageRecordWriter
{
    public static byte[] Write(Exchange exchange, DateTimeOffset endedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("request_id"u8, exchange.RequestId);
            writer.WriteString("started_at"u8, exchange.StartedAtUtc.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteNumber("duration_ms"u8, (long)(endedAt - exchange.StartedAtUtc).TotalMilliseconds);
            writer.WriteString("team"u8, exchange.Caller?.Team);
            writer.WriteString("caller"u8, exchange.Caller?.Id);
            writer.WriteString("key_id"u8, exchange.Caller?.KeyId);
            writer.WriteString("client_api"u8, Api(exchange.Endpoint));
            writer.WriteString("model"u8, exchange.Model);
            var routed = exchange.Routed;
            writer.WriteString("backend"u8, routed?.LastAttempt?.BackendName);
            writer.WriteStartArray("attempts"u8);
            foreach (var backend in routed?.AttemptedBackends() ?? [])
            {
                writer.WriteStringValue(backend);
            }

            writer.WriteEndArray();
            writer.WriteNumber("upstream_status"u8, exchange.UpstreamStatus.Status);
            writer.WriteString("outcome"u8, exchange.Outcome);
            var usage = exchange.Usage ?? default;
            writer.WriteStartObject("usage"u8);
            writer.WriteNumber("input_tokens"u8, usage.InputTokens);
            writer.WriteNumber("output_tokens"u8, usage.OutputTokens);
            writer.WriteNumber("cache_read_tokens"u8, usage.CacheReadTokens);
            writer.WriteNumber("cache_write_tokens"u8, usage.CacheWriteTokens);
            writer.WriteNumber("reasoning_tokens"u8, usage.ReasoningTokens);
            writer.WriteEndObject();
            writer.WriteNumber("cost_usd"u8, (exchange.CostMicroUsd ?? 0) / 1_000_000m);
            writer.WriteString("budget_reservation"u8, exchange.BudgetHold?.ReservationId);
            WriteGuardrails(writer, exchange);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
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
}
