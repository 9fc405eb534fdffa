using System.Buffers;
using System.Text;
using AiGateway.Processor.Schemas.Bedrock;

namespace AiGateway.Processor.Tests.Schemas.Bedrock;

/// <summary>Event-stream framing against the official vectors and worked examples of provider-apis.md §4.3–4.5.</summary>
public sealed class AwsEventStreamTests
{
    private const string ContentBlockDeltaBase64 = "AAAAlAAAAFe0q5ruCzpldmVudC10eXBlBwARY29udGVudEJsb2NrRGVsdGENOmNvbnRlbnQtdHlwZQcAEGFwcGxpY2F0aW9uL2pzb24NOm1lc3NhZ2UtdHlwZQcABWV2ZW50eyJjb250ZW50QmxvY2tJbmRleCI6MCwiZGVsdGEiOnsidGV4dCI6IkhpIn19H5RGVw==";
    private const string ThrottlingBase64 = "AAAAsgAAAGE1kNXTDzpleGNlcHRpb24tdHlwZQcAE3Rocm90dGxpbmdFeGNlcHRpb24NOmNvbnRlbnQtdHlwZQcAEGFwcGxpY2F0aW9uL2pzb24NOm1lc3NhZ2UtdHlwZQcACWV4Y2VwdGlvbnsibWVzc2FnZSI6IlRvbyBtYW55IHJlcXVlc3RzLCBwbGVhc2Ugd2FpdCBiZWZvcmUgdHJ5aW5nIGFnYWluLiJ96P+yag==";

    [Fact]
    public void Encode_EmptyMessage_MatchesOfficialVector()
    {
        var output = new ArrayBufferWriter<byte>();
        AwsEventStreamEncoder.Write(output, [], []);
        Assert.Equal("000000100000000005c248eb7d98c8ff", Convert.ToHexStringLower(output.WrittenSpan));
    }

    [Fact]
    public void Encode_PayloadNoHeaders_MatchesOfficialVector()
    {
        var output = new ArrayBufferWriter<byte>();
        AwsEventStreamEncoder.Write(output, [], "{'foo':'bar'}"u8);
        Assert.Equal("0000001d00000000fd528c5a7b27666f6f273a27626172277dc3653936", Convert.ToHexStringLower(output.WrittenSpan));
    }

    [Fact]
    public void Encode_StringHeader_MatchesOfficialVector()
    {
        var output = new ArrayBufferWriter<byte>();
        AwsEventStreamEncoder.Write(output, [new("content-type", "application/json")], "{'foo':'bar'}"u8);
        var hex = Convert.ToHexStringLower(output.WrittenSpan);
        Assert.StartsWith("0000003d0000002007fd8396", hex, StringComparison.Ordinal);
        Assert.EndsWith("8d9c08b1", hex, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_BedrockContentBlockDelta_MatchesWorkedExample()
    {
        var output = new ArrayBufferWriter<byte>();
        AwsEventStreamEncoder.WriteEvent(output, "contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hi"}}"""u8);
        Assert.Equal(ContentBlockDeltaBase64, Convert.ToBase64String(output.WrittenSpan));
    }

    [Fact]
    public void Encode_ThrottlingException_MatchesWorkedExample()
    {
        var output = new ArrayBufferWriter<byte>();
        AwsEventStreamEncoder.WriteException(output, "throttlingException", """{"message":"Too many requests, please wait before trying again."}"""u8);
        Assert.Equal(ThrottlingBase64, Convert.ToBase64String(output.WrittenSpan));
    }

    [Fact]
    public void Decode_WorkedExamples_SplitAtEveryByte_SameMessages()
    {
        var stream = Convert.FromBase64String(ContentBlockDeltaBase64).Concat(Convert.FromBase64String(ThrottlingBase64)).ToArray();
        for (var split = 0; split <= stream.Length; split++)
        {
            var handler = new RecordingHandler();
            using var decoder = new AwsEventStreamDecoder();
            Assert.Null(decoder.Decode(stream.AsSpan(0, split), handler));
            Assert.Null(decoder.Decode(stream.AsSpan(split), handler));
            Assert.False(decoder.HasPartialFrame);
            Assert.Equal(
                ["event/contentBlockDelta/-:{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}", "exception/-/throttlingException:{\"message\":\"Too many requests, please wait before trying again.\"}"],
                handler.Messages);
        }
    }

    [Theory]
    [InlineData(2, "prelude checksum")]
    [InlineData(9, "prelude checksum")]
    [InlineData(20, "message checksum")]
    [InlineData(147, "message checksum")]
    public void Decode_CorruptByte_UpstreamFault(int position, string expected)
    {
        var frame = Convert.FromBase64String(ContentBlockDeltaBase64);
        frame[position] ^= 0x40;
        using var decoder = new AwsEventStreamDecoder();
        var handler = new RecordingHandler();
        var error = decoder.Decode(frame, handler);
        Assert.NotNull(error);
        Assert.Equal(502, error.Status);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Messages);
        Assert.Same(error, decoder.Decode(frame, handler));
    }

    [Fact]
    public void Decode_MissingMessageType_TreatedAsEvent()
    {
        var output = new ArrayBufferWriter<byte>();
        AwsEventStreamEncoder.Write(output, [new(":event-type", "messageStop")], """{"stopReason":"end_turn"}"""u8);
        var handler = new RecordingHandler();
        using var decoder = new AwsEventStreamDecoder();
        Assert.Null(decoder.Decode(output.WrittenSpan, handler));
        Assert.Equal(["event/messageStop/-:{\"stopReason\":\"end_turn\"}"], handler.Messages);
    }

    private sealed class RecordingHandler : IAwsEventStreamHandler
    {
        public List<string> Messages { get; } = [];

        public void OnMessage(in AwsEventStreamMessage message) =>
            Messages.Add($"{message.MessageType}/{message.EventType ?? "-"}/{message.ExceptionType ?? "-"}:{Encoding.UTF8.GetString(message.Payload)}");
    }
}
