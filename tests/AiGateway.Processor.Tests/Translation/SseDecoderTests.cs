using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class SseDecoderTests
{
    [Theory]
    [InlineData("event: a\ndata: 1\n\n", "a=1")]
    [InlineData("event: a\r\ndata: 1\r\n\r\n", "a=1")]
    [InlineData("event: a\rdata: 1\r\r", "a=1")]
    [InlineData("data: x\ndata: y\n\n", "=x\ny")]
    [InlineData(": comment\n\ndata:nospace\n\n", "=nospace")]
    [InlineData("data: 1\n\ndata: 2\n\n", "=1|=2")]
    [InlineData("data: unfinished\n", "")]
    [InlineData("retry: 10\nid: 5\ndata: z\n\n", "=z")]
    public void Decode_AnySplit_SameEvents(string input, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var handler = new Recorder();
            using var decoder = new SseDecoder();
            decoder.Decode(bytes.AsSpan(0, split), handler);
            decoder.Decode(bytes.AsSpan(split), handler);
            decoder.Flush(handler);
            Assert.Equal(expected, string.Join('|', handler.Events));
        }
    }

    [Fact]
    public void Decode_SplitInsideUtf8Sequence_TextIntact()
    {
        var bytes = Encoding.UTF8.GetBytes("data: 😀é\n\n");
        var handler = new Recorder();
        using var decoder = new SseDecoder();
        foreach (var b in bytes)
        {
            decoder.Decode([b], handler);
        }

        Assert.Equal(["=😀é"], handler.Events);
    }

    private sealed class Recorder : ISseEventHandler
    {
        public List<string> Events { get; } = [];

        public void OnSseEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data) =>
            Events.Add(Encoding.UTF8.GetString(eventName) + "=" + Encoding.UTF8.GetString(data));
    }
}
