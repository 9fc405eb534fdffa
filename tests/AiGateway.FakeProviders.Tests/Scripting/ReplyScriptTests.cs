using AiGateway.FakeProviders.Scripting;

namespace AiGateway.FakeProviders.Tests.Scripting;

public sealed class ReplyScriptTests
{
    private static readonly ScriptedReply First = ScriptedReply.Text("first");
    private static readonly ScriptedReply Second = ScriptedReply.Text("second");
    private static readonly ScriptedReply ForModel = ScriptedReply.Text("model");

    [Fact]
    public void Take_ProviderQueue_ReturnsRepliesInOrderThenNothing()
    {
        var script = new ReplyScript();
        script.Enqueue(FakeProvider.OpenAi, [First, Second]);

        Assert.Same(First, script.Take(FakeProvider.OpenAi, "gpt-4o"));
        Assert.Same(Second, script.Take(FakeProvider.OpenAi, "gpt-4o"));
        Assert.Null(script.Take(FakeProvider.OpenAi, "gpt-4o"));
    }

    [Fact]
    public void Take_ModelQueue_WinsOverProviderQueueOnlyForThatModel()
    {
        var script = new ReplyScript();
        script.Enqueue(FakeProvider.Bedrock, [First]);
        script.Enqueue("model-a", [ForModel]);

        Assert.Same(First, script.Take(FakeProvider.Bedrock, "model-b"));
        Assert.Same(ForModel, script.Take(FakeProvider.Bedrock, "model-a"));
        Assert.Null(script.Take(FakeProvider.Bedrock, "model-a"));
    }

    [Fact]
    public void Take_OtherProvider_DoesNotSeeTheQueue()
    {
        var script = new ReplyScript();
        script.Enqueue(FakeProvider.Anthropic, [First]);

        Assert.Null(script.Take(FakeProvider.Bedrock, null));
        Assert.Same(First, script.Take(FakeProvider.Anthropic, null));
    }

    [Fact]
    public void Clear_Queued_ForgetsEverything()
    {
        var script = new ReplyScript();
        script.Enqueue(FakeProvider.Anthropic, [First]);
        script.Enqueue("m", [ForModel]);

        script.Clear();

        Assert.Null(script.Take(FakeProvider.Anthropic, "m"));
    }

    [Theory]
    [InlineData("one two three", new[] { "one ", "two ", "three" })]
    [InlineData("trailing ", new[] { "trailing " })]
    [InlineData("", new[] { "" })]
    public void Fragments_PlainText_SplitAfterSpacesAndRejoin(string text, string[] expected)
    {
        var fragments = ReplyFragments.Of(new ReplyText(text));

        Assert.Equal(expected, fragments);
        Assert.Equal(text, string.Concat(fragments));
    }
}
