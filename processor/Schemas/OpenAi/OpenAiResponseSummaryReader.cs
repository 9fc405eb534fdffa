using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// What same-schema passthrough needs from an OpenAI chat completion (§1.3): usage and choice 0's <c>finish_reason</c>,
/// read forward-only with every other member skipped (no document, no strings for content; issue 11). The whole body is
/// still checked as JSON. Same tolerance as <see cref="OpenAiResponseReader"/>: wrong kinds read as absent, a repeated
/// member counts as its last occurrence.
/// </summary>
internal static class OpenAiResponseSummaryReader
{
    /// <summary>False when the body is not JSON (truncated, garbage).</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out Usage usage, out FinishReason? finishReason)
    {
        usage = default;
        finishReason = null;
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return true;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("usage"u8))
                {
                    OpenAiUsage.TryRead(ref reader, out usage);
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    finishReason = ReadFinishReason(ref reader);
                }
                else
                {
                    JsonTokens.SkipValue(ref reader);
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8.
            return false;
        }
    }

    /// <summary>The first choice's <c>finish_reason</c>; the other choices are skipped (passthrough forwards them all).</summary>
    private static FinishReason? ReadFinishReason(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        FinishReason? finishReason = null;
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("finish_reason"u8))
                    {
                        finishReason = OpenAiFinishReasons.Read(ref reader);
                    }
                    else
                    {
                        JsonTokens.SkipValue(ref reader);
                    }
                }
            }
            else
            {
                reader.Skip();
            }

            first = false;
        }

        return finishReason;
    }
}
