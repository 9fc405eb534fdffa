using System.Text;
using AiGateway.FakeProviders.EventStream;
using AiGateway.FakeProviders.Tests.Support;

namespace AiGateway.FakeProviders.Tests.EventStream;

public sealed class AwsEventStreamEncoderTests
{
    private static readonly byte[] FooBar = Encoding.UTF8.GetBytes("{'foo':'bar'}");

    [Fact]
    public void Crc32_CheckValue_MatchesIeee() =>
        Assert.Equal(0xCBF43926u, EventStreamCrc32.Compute("123456789"u8));

    [Fact]
    public void Crc32_Append_EqualsCrcOfConcatenation() =>
        Assert.Equal(EventStreamCrc32.Compute("123456789"u8), EventStreamCrc32.Append(EventStreamCrc32.Compute("1234"u8), "56789"u8));

    [Fact]
    public void Encode_EmptyMessage_MatchesOfficialVector() =>
        Assert.Equal("00000010" + "00000000" + "05c248eb" + "7d98c8ff", Hex(AwsEventStreamEncoder.Encode([], [])));

    [Fact]
    public void Encode_PayloadOnly_MatchesOfficialVector() =>
        Assert.Equal("0000001d00000000fd528c5a" + "7b27666f6f273a27626172277d" + "c3653936", Hex(AwsEventStreamEncoder.Encode([], FooBar)));

    [Theory]
    [InlineData("string", "0000003d0000002007fd8396", "8d9c08b1")]
    [InlineData("int32", "0000002b0000000e348bec7b", "d3890285")]
    public void Encode_OneHeader_MatchesOfficialPreludeAndMessageCrc(string headerKind, string prelude, string messageCrc)
    {
        var header = headerKind == "string"
            ? AwsEventStreamHeader.FromString("content-type", "application/json")
            : AwsEventStreamHeader.FromInt32("event-id", 0x0000a00c);

        var hex = Hex(AwsEventStreamEncoder.Encode([header], FooBar));

        Assert.StartsWith(prelude, hex, StringComparison.Ordinal);
        Assert.EndsWith(messageCrc, hex, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeEvent_ContentBlockDelta_MatchesWorkedExample()
    {
        const string Expected = "AAAAlAAAAFe0q5ruCzpldmVudC10eXBlBwARY29udGVudEJsb2NrRGVsdGENOmNvbnRlbnQtdHlwZQcAEGFwcGxpY2F0aW9uL2pzb24NOm1lc3NhZ2UtdHlwZQcABWV2ZW50eyJjb250ZW50QmxvY2tJbmRleCI6MCwiZGVsdGEiOnsidGV4dCI6IkhpIn19H5RGVw==";

        var frame = AwsEventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hi"}}""");

        Assert.Equal(Expected, Convert.ToBase64String(frame));
    }

    [Fact]
    public void EncodeException_Throttling_MatchesWorkedExample()
    {
        const string Expected = "AAAAsgAAAGE1kNXTDzpleGNlcHRpb24tdHlwZQcAE3Rocm90dGxpbmdFeGNlcHRpb24NOmNvbnRlbnQtdHlwZQcAEGFwcGxpY2F0aW9uL2pzb24NOm1lc3NhZ2UtdHlwZQcACWV4Y2VwdGlvbnsibWVzc2FnZSI6IlRvbyBtYW55IHJlcXVlc3RzLCBwbGVhc2Ugd2FpdCBiZWZvcmUgdHJ5aW5nIGFnYWluLiJ96P+yag==";

        var frame = AwsEventStreamEncoder.EncodeException("throttlingException", """{"message":"Too many requests, please wait before trying again."}""");

        Assert.Equal(Expected, Convert.ToBase64String(frame));
    }

    [Fact]
    public void EncodeEvent_AnyPayload_DecodesWithValidCrcs()
    {
        var frame = AwsEventStreamEncoder.EncodeEvent("messageStop", """{"stopReason":"end_turn","p":"ü€"}""");

        var decoded = Assert.Single(EventStreamTestDecoder.Decode(frame));

        Assert.Equal("messageStop", decoded.EventType);
        Assert.Equal("event", decoded.Headers[":message-type"]);
        Assert.Equal("ü€", decoded.Json["p"]!.GetValue<string>());
    }

    [Fact]
    public void CorruptMessageCrc_ValidFrame_FailsDecoding()
    {
        var frame = AwsEventStreamEncoder.EncodeEvent("messageStart", """{"role":"assistant"}""");

        var error = Assert.Throws<InvalidDataException>(() => EventStreamTestDecoder.Decode(AwsEventStreamEncoder.CorruptMessageCrc(frame)));

        Assert.Contains("message CRC", error.Message, StringComparison.Ordinal);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
