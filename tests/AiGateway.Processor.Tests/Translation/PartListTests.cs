using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class PartListTests
{
    [Fact]
    public void OnePart_IsCountedIndexedAndEnumerated()
    {
        var text = new TextPart("hi");
        PartList parts = [text];

        Assert.Single(parts);
        Assert.Same(text, parts[0]);
        Assert.Equal(new ContentPart[] { text }, parts.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => parts[1]);
    }

    [Fact]
    public void SeveralParts_KeepTheirOrder()
    {
        ContentPart[] array = [new TextPart("a"), new TextPart("b"), new ImagePart(null, null, "https://x/y.png")];
        PartList parts = array;

        Assert.Equal(3, parts.Count);
        Assert.Equal(array, parts.ToArray());
        Assert.Same(array[2], parts[2]);
        Assert.Throws<IndexOutOfRangeException>(() => parts[3]);
    }

    [Fact]
    public void Empty_HasNoParts()
    {
        PartList empty = default;
        PartList fromArray = Array.Empty<ContentPart>();

        Assert.Empty(empty);
        Assert.Empty(empty.ToArray());
        Assert.True(empty.Equals(fromArray));
        Assert.Empty(PartList.From([]));
    }

    [Fact]
    public void Equality_IsByPartsInOrder_HoweverHeld()
    {
        var inline = new PartList(new TextPart("a"));
        PartList arrayOfOne = new ContentPart[] { new TextPart("a") };
        PartList two = [new TextPart("a"), new TextPart("b")];

        Assert.True(inline.Equals(arrayOfOne));
        Assert.Equal(inline.GetHashCode(), arrayOfOne.GetHashCode());
        Assert.True(two.Equals(PartList.From([new TextPart("a"), new TextPart("b")])));
        PartList reversed = [new TextPart("b"), new TextPart("a")];
        Assert.False(two.Equals(reversed));
        Assert.False(inline.Equals(two));
        Assert.Equal(new ChatMessage(ChatRole.User, inline), new ChatMessage(ChatRole.User, arrayOfOne));
    }

    [Fact]
    public void ListPattern_MatchesASingleTextPart()
    {
        PartList one = [new TextPart("only")];
        PartList two = [new TextPart("a"), new TextPart("b")];

        Assert.True(one is [TextPart { Text: "only" }]);
        Assert.False(two is [TextPart]);
    }

    [Theory]
    [InlineData("openai", """{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},{"role":"user","content":[{"type":"text","text":"c"}]}]}""")]
    [InlineData("anthropic", """{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},{"role":"user","content":[{"type":"text","text":"c"}]}]}""")]
    public void Readers_GiveEachMessageItsParts_WhetherStringArrayOfOneOrMore(string schema, string body)
    {
        var client = schema == "openai" ? ApiSchema.OpenAi : ApiSchema.Anthropic;
        Assert.Null(ClientRequestParser.TryParse(client, Encoding.UTF8.GetBytes(body), out var parsed));

        var texts = parsed!.Chat.Messages.Select(message => string.Join('|', message.Parts.Select(part => ((TextPart)part).Text))).ToArray();

        Assert.Equal("hi / a|b / c", string.Join(" / ", texts));
    }

    [Theory]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"one"}]},{"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"x"},{"type":"text","text":"y"}]},{"type":"tool_result","tool_use_id":"t3","content":"s"},{"type":"tool_result","tool_use_id":"t4"}]}]}""")]
    public void AnthropicToolResults_KeepTheirContent(string body)
    {
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes(body), out var parsed));

        var results = parsed!.Chat.Messages[0].Parts.Cast<ToolResultPart>().Select(result => string.Join('|', result.Content.Select(part => ((TextPart)part).Text))).ToArray();

        Assert.Equal("one / x|y / s / ", string.Join(" / ", results));
    }
}
