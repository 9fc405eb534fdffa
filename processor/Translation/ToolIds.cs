namespace AiGateway.Processor.Translation;

/// <summary>
/// Tool-call ids are rewritten deterministically to the target's character set (§2.2, §3.2, §7.10 item 16), so a
/// <c>tool_use.id</c> and the <c>tool_result.tool_use_id</c> that answers it always stay equal.
/// </summary>
internal static class ToolIds
{
    public static string ForAnthropic(string id) => Sanitize(id, allowDotColon: false, maxLength: int.MaxValue);

    public static string ForBedrock(string id) => Sanitize(id, allowDotColon: true, maxLength: 64);

    private static string Sanitize(string id, bool allowDotColon, int maxLength)
    {
        var clean = true;
        foreach (var c in id)
        {
            if (!IsAllowed(c, allowDotColon))
            {
                clean = false;
                break;
            }
        }

        if (clean && id.Length <= maxLength && id.Length > 0)
        {
            return id;
        }

        if (id.Length == 0)
        {
            return "call_";
        }

        var chars = new char[Math.Min(id.Length, maxLength)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = IsAllowed(id[i], allowDotColon) ? id[i] : '_';
        }

        return new string(chars);
    }

    private static bool IsAllowed(char c, bool allowDotColon) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '-' || (allowDotColon && c is '.' or ':');
}
