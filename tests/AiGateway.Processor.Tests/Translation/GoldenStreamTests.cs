using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>
/// Provider stream → client stream, per schema pair; and the same stream split at every byte position gives the same
/// output (partial SSE lines, partial UTF-8 sequences, partial event-stream preludes and frames).
/// </summary>
public sealed class GoldenStreamTests
{
    public static TheoryData<string> Cases => GoldenFiles.Cases("Streams");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stream_TranslatesAsGolden(string name)
    {
        var actual = Translate(name, GoldenFiles.Input("Streams", name), splitAt: -1);
        var expected = GoldenFiles.ExpectedOrWrite("Streams", name, "sse", actual);
        Assert.NotNull(expected);
        GoldenFiles.AssertSseEqual(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stream_SplitAtEveryByte_SameOutput(string name)
    {
        var input = GoldenFiles.Input("Streams", name);
        var whole = Translate(name, input, splitAt: -1);
        for (var split = 0; split <= input.Length; split++)
        {
            Assert.Equal(whole, Translate(name, input, split));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stream_ByteByByte_SameOutput(string name)
    {
        var input = GoldenFiles.Input("Streams", name);
        var whole = Translate(name, input, splitAt: -1);
        var (client, provider) = GoldenFiles.Pair(name);
        using var translator = Create(name, client, provider);
        var output = new PooledBufferWriter();
        for (var i = 0; i < input.Length; i++)
        {
            translator.TranslateStream(input.AsSpan(i, 1), endOfStream: false, output);
        }

        translator.TranslateStream([], endOfStream: true, output);
        Assert.Equal(whole, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    internal static string Translate(string name, byte[] input, int splitAt)
    {
        var (client, provider) = GoldenFiles.Pair(name);
        using var translator = Create(name, client, provider);
        var output = new PooledBufferWriter();
        if (splitAt < 0)
        {
            translator.TranslateStream(input, endOfStream: true, output);
        }
        else
        {
            translator.TranslateStream(input.AsSpan(0, splitAt), endOfStream: false, output);
            translator.TranslateStream(input.AsSpan(splitAt), endOfStream: true, output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static IResponseTranslator Create(string name, ApiSchema client, ApiSchema provider) =>
        ExchangeTranslators.For(client, provider).CreateResponseTranslator(
            GoldenResponseTests.GoldenRequest(client, stream: true, includeUsage: !name.Contains("nousage", StringComparison.Ordinal)),
            GoldenFiles.Context);
}
