namespace AiGateway.FakeProviders.Scripting;

/// <summary>Splits scripted content into the deltas a stream sends.</summary>
internal static class ReplyFragments
{
    /// <summary>The text's own fragments, else pieces that each end after a space (concatenation gives the text back).</summary>
    public static IReadOnlyList<string> Of(ReplyText text)
    {
        if (text.Fragments is { Count: > 0 } fragments)
        {
            return fragments;
        }

        var pieces = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Text.Length; i++)
        {
            if (text.Text[i] == ' ')
            {
                pieces.Add(text.Text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Text.Length || pieces.Count == 0)
        {
            pieces.Add(text.Text[start..]);
        }

        return pieces;
    }

    /// <summary>Tool arguments in two halves, as providers send partial JSON that only parses once joined.</summary>
    public static IReadOnlyList<string> OfJson(string json) =>
        json.Length < 2 ? [json] : [json[..(json.Length / 2)], json[(json.Length / 2)..]];

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];
}
