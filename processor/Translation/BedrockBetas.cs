namespace AiGateway.Processor.Translation;

/// <summary>
/// Anthropic beta flags Bedrock accepts in the body (<c>anthropic_beta</c>, §8, §7.10 item 20). Others are dropped,
/// not forwarded, because Bedrock fails validation on unknown flags (peer allowlist, §8).
/// </summary>
internal static class BedrockBetas
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "interleaved-thinking-2025-05-14",
        "fine-grained-tool-streaming-2025-05-14",
        "context-1m-2025-08-07",
        "token-efficient-tools-2025-02-19",
        "output-128k-2025-02-19",
        "computer-use-2025-01-24",
        "tool-search-tool-2025-10-19",
    };

    /// <summary>Accepted flags from <c>anthropic-beta</c> header values (comma-separated, possibly repeated), aliases resolved.</summary>
    /// <param name="allowed">The operator's allow-list (provider <c>anthropic_betas</c>); null means the built-in list.</param>
    public static IReadOnlyList<string> Filter(IReadOnlyList<string> headerValues, IReadOnlyCollection<string>? allowed = null)
    {
        if (headerValues.Count == 0)
        {
            return [];
        }

        var result = All(headerValues);
        for (var i = result.Count - 1; i >= 0; i--)
        {
            if (!(allowed?.Contains(result[i]) ?? Allowed.Contains(result[i])))
            {
                result.RemoveAt(i);
            }
        }

        return result;
    }

    /// <summary>Every flag in <c>anthropic-beta</c> header values, once each, in order, aliases resolved.</summary>
    public static List<string> All(IReadOnlyList<string> headerValues)
    {
        var result = new List<string>();
        foreach (var value in headerValues)
        {
            foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var flag = raw == "advanced-tool-use-2025-11-20" ? "tool-search-tool-2025-10-19" : raw;
                if (!result.Contains(flag))
                {
                    result.Add(flag);
                }
            }
        }

        return result;
    }
}
