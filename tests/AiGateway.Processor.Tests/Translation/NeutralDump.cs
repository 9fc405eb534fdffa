using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>A canonical text form of a neutral request, so two requests can be compared for meaning.</summary>
internal static class NeutralDump
{
    public static string Of(ChatRequest r)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"model={r.Model} stream={r.Stream} usage={r.IncludeUsage} max={r.MaxTokens} t={r.Temperature} p={r.TopP} k={r.TopK} n={r.N}\n");
        b.Append("stop=").AppendJoin('|', r.StopSequences).Append('\n');
        foreach (var s in r.System)
        {
            b.Append("system ").Append(Part(s)).Append('\n');
        }

        foreach (var m in r.Messages)
        {
            b.Append(m.Role).Append(':');
            foreach (var p in m.Parts)
            {
                b.Append(' ').Append(Part(p));
            }

            b.Append('\n');
        }

        foreach (var t in r.Tools)
        {
            b.Append(CultureInfo.InvariantCulture, $"tool {t.Name} {t.Description} {Json(t.Schema)} {t.Strict} {t.Cache}\n");
        }

        b.Append(CultureInfo.InvariantCulture, $"choice={r.ToolChoice} parallel={r.ParallelToolCalls} thinking={r.Thinking} effort={r.ReasoningEffort} output={r.OutputEffort} user={r.User}\n");
        if (r.ResponseFormat is { } f)
        {
            b.Append(CultureInfo.InvariantCulture, $"format {f.Kind} {f.Name} {f.Description} {Json(f.Schema)} {f.Strict}\n");
        }

        return b.ToString();
    }

    private static string Part(ContentPart part) => part switch
    {
        TextPart t => $"text({t.Text}){part.Cache}",
        ImagePart i => $"image({i.MediaType},{i.Data},{i.Url}){part.Cache}",
        DocumentPart d => $"doc({d.MediaType},{d.Data},{d.Text},{d.Url},{d.Name}){part.Cache}",
        ToolCallPart c => $"call({c.Id},{c.Name},{Json(c.Arguments)}){part.Cache}",
        ToolResultPart r => $"result({r.ToolCallId},{r.IsError},[{string.Join(';', r.Content.Select(Part))}]){part.Cache}",
        ThinkingPart t => $"thinking({t.Text},{t.Signature}){part.Cache}",
        RedactedThinkingPart x => $"redacted({x.Data}){part.Cache}",
        OpaquePart o => $"opaque({o.Type},{Json(o.Json)})",
        _ => part.ToString(),
    };

    private static string? Json(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return raw;
        }

        try
        {
            return JsonNode.Parse(raw)?.ToJsonString();
        }
        catch (System.Text.Json.JsonException)
        {
            return raw;
        }
    }
}
