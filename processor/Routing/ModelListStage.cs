using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Routing;

/// <summary>
/// Answers <c>GET /v1/models</c> locally from the model catalog: OpenAI's list format, or Anthropic's when the
/// client sends <c>anthropic-version</c> (as the Anthropic SDKs do).
/// </summary>
internal sealed class ModelListStage : IExchangeStage
{
    public ExchangePhases Phases => ExchangePhases.RequestHeaders;

    public FilterLevel Levels => FilterLevel.Router;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        if (context.Exchange.Endpoint != ClientEndpoint.Models)
        {
            return StageResult.Continue;
        }

        var names = context.Exchange.Snapshot.Config.Models.Keys.Order(StringComparer.Ordinal).ToArray();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (context.TryGetHeader("anthropic-version", out _))
            {
                WriteAnthropic(writer, names);
            }
            else
            {
                WriteOpenAi(writer, names);
            }
        }

        return StageResult.Respond(new LocalReply(200, buffer.WrittenMemory) { Details = "aigw_models" });
    }

    private static void WriteOpenAi(Utf8JsonWriter writer, string[] names)
    {
        writer.WriteStartObject();
        writer.WriteString("object"u8, "list"u8);
        writer.WriteStartArray("data"u8);
        foreach (var name in names)
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, name);
            writer.WriteString("object"u8, "model"u8);
            writer.WriteNumber("created"u8, 0);
            writer.WriteString("owned_by"u8, "aigw"u8);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteAnthropic(Utf8JsonWriter writer, string[] names)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        foreach (var name in names)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "model"u8);
            writer.WriteString("id"u8, name);
            writer.WriteString("display_name"u8, name);
            writer.WriteString("created_at"u8, "1970-01-01T00:00:00Z"u8);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("has_more"u8, false);
        WriteNullableString(writer, "first_id"u8, names.Length > 0 ? names[0] : null);
        WriteNullableString(writer, "last_id"u8, names.Length > 0 ? names[^1] : null);
        writer.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
