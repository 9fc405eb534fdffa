using System.Text;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>The admission bound of adr/017 checked against the o200k tokenizer itself.</summary>
public sealed class ChatTokenEstimatorTests
{
    private const string ToolConversation = """{"model":"m","tools":[{"type":"function","function":{"name":"read_file","description":"Reads a file from the workspace.","parameters":{"type":"object","properties":{"path":{"type":"string","description":"Path relative to the root"}},"required":["path"]}}}],"messages":[{"role":"user","content":"Open README.md"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"read_file","arguments":"{\"path\":\"README.md\"}"}}]},{"role":"tool","tool_call_id":"call_abc123","content":"# AiGateway\nAn LLM gateway: Envoy plus a C# ext_proc processor.\n"}]}""";

    private static readonly ChatTokenEstimator Estimator = new(new TokenCountCache(1024));

    public static TheoryData<string> Conversations() => new()
    {
        """{"model":"m","messages":[{"role":"user","content":"hi"}]}""",
        """{"model":"m","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Explain BPE in one line."},{"role":"assistant","content":"Merge frequent pairs."},{"role":"user","content":"Again, in German: Grüße, Straße, Fußgängerübergänge."}]}""",
        """{"model":"m","messages":[{"role":"user","content":"日本語のテキストとEnglish mixed, with emoji 🎉🎉 and code `for (var i = 0; i < n; i++) { sum += a[i]; }`"}]}""",
        ToolConversation,
    };

    [Theory]
    [MemberData(nameof(Conversations))]
    public void Estimate_OpenAiBackends_AtLeastO200kOfTheRenderedConversation(string body)
    {
        var chat = Parse(body);

        var estimate = Estimator.Estimate(chat, factor: 1);

        // The conversation as a provider renders it, roughly: each message's role and text, tool JSON included.
        var rendered = InputTokenEstimator.Count(Render(chat));
        Assert.True(estimate >= rendered, $"estimate {estimate} < o200k {rendered}");

        // Exact enough: the margin is the documented overheads, not a multiple of the text.
        Assert.True(estimate <= (rendered * 1.1) + Overheads(chat), $"estimate {estimate} far above o200k {rendered}");
    }

    [Theory]
    [MemberData(nameof(Conversations))]
    public void Estimate_OtherTokenizers_AtLeastTheFactorTimesTheOpenAiEstimate(string body)
    {
        var chat = Parse(body);

        Assert.True(Estimator.Estimate(chat, ChatTokenEstimator.OtherTokenizerFactor) >= Estimator.Estimate(chat, 1) * ChatTokenEstimator.OtherTokenizerFactor);
    }

    [Fact]
    public void Estimate_Image_CountsTheFlatRule_UnscaledByTheFactor()
    {
        var chat = new ChatRequest { Model = "m", Messages = [new ChatMessage(ChatRole.User, [new ImagePart("image/png", new string('A', 400_000), null)])] };

        Assert.Equal(ChatTokenEstimator.RequestOverhead + ChatTokenEstimator.MessageOverhead + ChatTokenEstimator.ImageTokens, Estimator.Estimate(chat, 1));
        Assert.Equal((int)Math.Ceiling((ChatTokenEstimator.RequestOverhead + ChatTokenEstimator.MessageOverhead) * 1.5) + ChatTokenEstimator.ImageTokens, Estimator.Estimate(chat, 1.5));
    }

    [Fact]
    public void Base64Rule_NeverBelowO200k()
    {
        // The rule for base64 data (PDF documents, encrypted reasoning) must not undercount o200k over the same text.
        var random = new Random(7);
        var bytes = new byte[30_000];
        random.NextBytes(bytes);
        var base64 = Convert.ToBase64String(bytes);

        Assert.True(InputTokenEstimator.Count(base64) <= base64.Length / ChatTokenEstimator.Base64CharsPerToken);
    }

    [Fact]
    public void Estimate_ResentConversation_SameAnswer()
    {
        var chat = Parse(ToolConversation);
        var fresh = new ChatTokenEstimator(new TokenCountCache(1024));

        Assert.Equal(fresh.Estimate(chat, 1), fresh.Estimate(chat, 1));
    }

    [Theory]
    [InlineData("openai", 1.0)]
    [InlineData("azure_openai", 1.0)]
    [InlineData("anthropic", 1.5)]
    [InlineData("bedrock", 1.5)]
    public void Factor_ByProviderKind(string kind, double factor)
    {
        var config = new GatewayConfig
        {
            Providers = new() { ["p"] = new ProviderConfig { Kind = Enum.Parse<ProviderKind>(kind.Replace("_", "", StringComparison.Ordinal), ignoreCase: true) } },
            Backends = new() { ["b"] = new BackendConfig { Provider = "p" } },
        };

        Assert.Equal(factor, ChatTokenEstimator.Factor(config, new ModelConfig { Backends = ["b"] }));
    }

    private static ChatRequest Parse(string body)
    {
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.OpenAi, Encoding.UTF8.GetBytes(body), out var parsed));
        return parsed!.Chat;
    }

    private static string Render(ChatRequest chat)
    {
        var text = new StringBuilder();
        foreach (var part in chat.System)
        {
            text.Append("system\n").Append(part.Text).Append("\n\n");
        }

        foreach (var message in chat.Messages)
        {
            text.Append(message.Role == ChatRole.User ? "user\n" : "assistant\n");
            foreach (var part in message.Parts)
            {
                Append(text, part);
            }

            text.Append("\n\n");
        }

        foreach (var tool in chat.Tools)
        {
            text.Append(tool.Name).Append('\n').Append(tool.Description).Append('\n').Append(tool.Schema).Append("\n\n");
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, ContentPart part)
    {
        switch (part)
        {
            case TextPart t:
                text.Append(t.Text);
                break;
            case ToolCallPart call:
                text.Append(call.Id).Append(' ').Append(call.Name).Append(' ').Append(call.Arguments);
                break;
            case ToolResultPart result:
                text.Append(result.ToolCallId).Append('\n');
                foreach (var inner in result.Content)
                {
                    Append(text, inner);
                }

                break;
        }
    }

    private static int Overheads(ChatRequest chat) =>
        ChatTokenEstimator.RequestOverhead + (ChatTokenEstimator.MessageOverhead * (chat.System.Count + (2 * chat.Messages.Count)))
        + (chat.Tools.Count > 0 ? ChatTokenEstimator.ToolUsePrompt + (ChatTokenEstimator.ToolOverhead * chat.Tools.Count) : 0) + 64;
}
