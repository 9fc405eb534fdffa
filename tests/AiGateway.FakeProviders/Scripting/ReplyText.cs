namespace AiGateway.FakeProviders.Scripting;

/// <summary>
/// Assistant text. Streams send it in the given fragments, one delta each; without fragments the text
/// is split after each space so that a stream has several deltas.
/// </summary>
public sealed record ReplyText(string Text) : ReplyBlock
{
    public IReadOnlyList<string>? Fragments { get; init; }

    public static ReplyText FromFragments(params string[] fragments) => new(string.Concat(fragments)) { Fragments = fragments };
}
