using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>Provider response body → client response body, per schema pair.</summary>
public sealed class GoldenResponseTests
{
    public static TheoryData<string> Cases => GoldenFiles.Cases("Responses");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Response_TranslatesAsGolden(string name)
    {
        var (client, provider) = GoldenFiles.Pair(name);
        using var translator = ExchangeTranslators.For(client, provider).CreateResponseTranslator(GoldenRequest(client, stream: false, includeUsage: true), GoldenFiles.Context);
        var output = new PooledBufferWriter();
        Assert.Null(translator.TranslateBody(GoldenFiles.Input("Responses", name), output));
        var actual = Encoding.UTF8.GetString(output.WrittenSpan);
        var expected = GoldenFiles.ExpectedOrWrite("Responses", name, "json", GoldenFiles.Pretty(actual));
        Assert.NotNull(expected);
        GoldenFiles.AssertJsonEqual(expected, actual);
        Assert.True(translator.Completed);
    }

    internal static ParsedRequest GoldenRequest(ApiSchema client, bool stream, bool includeUsage) =>
        new(client, ReadOnlyMemory<byte>.Empty, new ChatRequest { Model = "public-model", Stream = stream, IncludeUsage = includeUsage });
}
