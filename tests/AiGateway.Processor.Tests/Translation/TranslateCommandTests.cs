using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class TranslateCommandTests
{
    [Fact]
    public void Run_Request_WritesProviderBodyAndPath()
    {
        var (code, stdout, stderr) = Run("openai", "bedrock-converse", response: false, stream: true, """{"model":"us.anthropic.claude:0","messages":[{"role":"user","content":"Hi"}]}""");
        Assert.Equal(0, code);
        Assert.Equal("""[{"role":"user","content":[{"text":"Hi"}]}]""", JsonNode.Parse(stdout)!["messages"]!.ToJsonString());
        Assert.Contains("POST /model/us.anthropic.claude%3A0/converse-stream", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadRequest_GatewayErrorOnStderr_Exit1()
    {
        var (code, stdout, stderr) = Run("anthropic", "openai", response: false, stream: false, """{"model":"m"}""");
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.StartsWith("400 {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"'messages' is required.\"}}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StreamResponse_TranslatesBedrockFramesToOpenAiChunks()
    {
        var frames = GoldenFiles.EncodeFrames([
            """{"event":"messageStart","payload":{"role":"assistant"}}""",
            """{"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"text":"Hi"}}}""",
            """{"event":"contentBlockStop","payload":{"contentBlockIndex":0}}""",
            """{"event":"messageStop","payload":{"stopReason":"end_turn"}}""",
            """{"event":"metadata","payload":{"usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2}}}""",
        ]);
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var code = TranslateCommand.Run("bedrock-converse", "openai", response: true, stream: true, new MemoryStream(frames), stdout, stderr);
        Assert.Equal(0, code);
        var text = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.Contains("\"content\":\"Hi\"", text, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownSchema_Exit2()
    {
        var (code, _, stderr) = Run("cohere", "openai", response: false, stream: false, "{}");
        Assert.Equal(2, code);
        Assert.Contains("Unknown schema", stderr, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(string from, string to, bool response, bool stream, string input)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var code = TranslateCommand.Run(from, to, response, stream, new MemoryStream(Encoding.UTF8.GetBytes(input)), stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}
