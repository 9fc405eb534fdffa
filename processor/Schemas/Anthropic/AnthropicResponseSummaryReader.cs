using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>
/// What same-schema passthrough needs from an Anthropic Messages response (§2.3, also Bedrock InvokeModel's body, §8):
/// usage and <c>stop_reason</c>, read forward-only with every other member skipped (no document, no strings for content;
/// issue 11). The whole body is still checked as JSON. Same tolerance as <see cref="AnthropicResponseReader"/>: wrong
/// kinds read as absent, a repeated member counts as its last occurrence.
/// </summary>
internal static class AnthropicResponseSummaryReader
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
                    usage = AnthropicUsage.Read(ref reader);
                }
                else if (reader.ValueTextEquals("stop_reason"u8))
                {
                    finishReason = AnthropicStopReasons.Read(ref reader);
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
}
