using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>Client request → provider request, per schema pair (passthrough: byte for byte).</summary>
public sealed class GoldenRequestTests
{
    public const string TargetModel = "target-model:1";

    public static TheoryData<string> Cases => GoldenFiles.Cases("Requests");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Request_TranslatesAsGolden(string name)
    {
        var (client, provider) = GoldenFiles.Pair(name);
        var input = GoldenFiles.Input("Requests", name);
        Assert.Null(ClientRequestParser.TryParse(client, input, out var parsed));
        var translator = ExchangeTranslators.For(client, provider);
        var body = new PooledBufferWriter();
        var error = translator.TranslateRequest(parsed!, new TranslationTarget(provider, TargetModel, parsed!.Stream), body, out var providerRequest);
        Assert.Null(error);
        Assert.NotNull(providerRequest);
        var actual = Encoding.UTF8.GetString(providerRequest.ClientBodyAsIs ? input : body.WrittenSpan);
        var passthrough = ExchangeTranslators.IsPassthrough(client, provider);
        var expected = GoldenFiles.ExpectedOrWrite("Requests", name, "json", passthrough ? actual : GoldenFiles.Pretty(actual));
        Assert.NotNull(expected);
        if (passthrough)
        {
            Assert.Equal(expected, actual);
        }
        else
        {
            GoldenFiles.AssertJsonEqual(expected, actual);
        }
    }
}
