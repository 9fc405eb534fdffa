using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AiGateway.Processor.ExtProc.Replay;

/// <summary>
/// Makes a ProcessingResponse (protobuf JSON) comparable and readable (docs/recording.md "Normalisation"):
/// header raw values and bodies are decoded from base64 to text (JSON bodies parsed), then values that differ on
/// every run are replaced by placeholders: volatile headers, generated ids (<c>chatcmpl-…</c>, <c>msg_…</c>,
/// <c>req_…</c>, <c>toolu_…</c>, <c>call_…</c>), <c>created</c> timestamps and timing metadata; whether an AWS session
/// token was set is not compared, nor whether a budget refusal carries <c>retry-after</c>.
/// </summary>
internal static partial class ReplayNormalizer
{
    private static readonly HashSet<string> VolatileHeaders = new(StringComparer.OrdinalIgnoreCase) { "date", "x-aigw-latency-ms", "x-amz-date", "retry-after" };
    private static readonly HashSet<string> VolatileNumbers = new(StringComparer.Ordinal) { "created", "latency_ms", "ttft_ms", "duration_ms" };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Normalize(string protobufJson)
    {
        var node = JsonNode.Parse(protobufJson)!;
        Visit(node);
        return node.ToJsonString(Indented);
    }

    private static void Visit(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                DropBudgetRetryAfter(obj);
                DecodeHeader(obj);
                foreach (var key in obj.Select(p => p.Key).ToArray())
                {
                    var value = obj[key];
                    if (key == "body" && value is JsonValue body && body.TryGetValue<string>(out var base64))
                    {
                        obj.Remove(key);
                        obj[key + "Decoded"] = DecodeBody(base64);
                    }
                    else if (VolatileNumbers.Contains(key) && value is JsonValue)
                    {
                        obj[key] = 0;
                    }
                    else if (value is JsonValue text && text.TryGetValue<string>(out var str))
                    {
                        obj[key] = ReplaceIds(str);
                    }
                    else if (value is not null)
                    {
                        Visit(value);
                    }
                }

                break;
            case JsonArray array:
                // Whether a session token is signed depends on the credentials of the run (temporary or not), not on
                // the processor's logic: its presence is not compared.
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is JsonObject option && option["header"] is JsonObject header && header["key"]?.GetValue<string>() == "x-amz-security-token")
                    {
                        array.RemoveAt(i);
                    }
                }

                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Visit(item);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// A budget refusal carries <c>retry-after</c> only within an hour of the budget's reset (docs/budgets.md), so
    /// whether it is there depends on the day the replay runs, not on the processor's logic: a recording made near a
    /// month end must replay the same on any other day. Rate-limit refusals always carry it (its value is volatile).
    /// </summary>
    private static void DropBudgetRetryAfter(JsonObject immediateResponse)
    {
        if (immediateResponse["details"] is not JsonValue details || !details.TryGetValue<string>(out var reason) || reason != "aigw_budget_exceeded"
            || immediateResponse["headers"] is not JsonObject headers || headers["setHeaders"] is not JsonArray setHeaders)
        {
            return;
        }

        for (var i = setHeaders.Count - 1; i >= 0; i--)
        {
            if (setHeaders[i] is JsonObject option && option["header"] is JsonObject header
                && string.Equals(header["key"]?.GetValue<string>(), "retry-after", StringComparison.OrdinalIgnoreCase))
            {
                setHeaders.RemoveAt(i);
            }
        }
    }

    private static void DecodeHeader(JsonObject header)
    {
        if (header["key"] is not JsonValue key || !key.TryGetValue<string>(out var name) || header["rawValue"] is not JsonValue raw || !raw.TryGetValue<string>(out var base64))
        {
            return;
        }

        header.Remove("rawValue");
        header["rawValueText"] = VolatileHeaders.Contains(name) || name == "x-aigw-request-id" && base64.Length > 0
            ? "<volatile>"
            : Encoding.Latin1.GetString(Convert.FromBase64String(base64));
    }

    private static JsonNode DecodeBody(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        try
        {
            var json = JsonNode.Parse(bytes);
            if (json is not null)
            {
                Visit(json);
                return json;
            }
        }
        catch (JsonException)
        {
            // Not JSON (an SSE stream chunk, text): compared as text.
        }

        return JsonValue.Create(ReplaceIds(Encoding.UTF8.GetString(bytes)))!;
    }

    private static string ReplaceIds(string text)
    {
        var ids = GeneratedIdPattern().Replace(text, m => m.Groups["prefix"].Value + "<id>");

        // Budget refusals name when the budget resets (the next UTC day or month) and rate-limit refusals how long
        // until the bucket has room: both depend on when (and how fast) the replay runs.
        ids = ResetsAtPattern().Replace(ids, "resets at <time>");
        ids = RetryInPattern().Replace(ids, "Retry in <n> s.");

        // Stream chunks are compared as text: their JSON "created" timestamps are normalised in place.
        return CreatedPattern().Replace(ids, "\"created\":0");
    }

    [GeneratedRegex("Retry in [0-9]+ s\\.")]
    private static partial Regex RetryInPattern();

    [GeneratedRegex("resets at [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")]
    private static partial Regex ResetsAtPattern();

    [GeneratedRegex("\"created\":[0-9]+")]
    private static partial Regex CreatedPattern();

    [GeneratedRegex(@"(?<prefix>chatcmpl-|msg_|req_|toolu_|call_)[A-Za-z0-9_-]{6,}")]
    private static partial Regex GeneratedIdPattern();
}
