using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class ProviderErrorMapperTests
{
    private const string AnthropicBadRequest = """{"type":"error","error":{"type":"invalid_request_error","message":"messages.1: tool_use ids were found without tool_result blocks"}}""";
    private const string AnthropicOverloaded = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";
    private const string OpenAiRateLimit = """{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
    private const string BedrockValidation = """{"Message":"A conversation must alternate between user and assistant roles."}""";
    private const string AzureContentFilter = """{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"high"}}}}}""";
    private const string AzureRateLimit = """{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded the token rate limit. Please retry after 6 seconds."}}""";
    private const string InternalSecret = """{"error":{"message":"stack trace at host ip-10-0-0-1 key sk-live-123","type":"server_error"}}""";

    [Theory]
    [InlineData("openai", 400, null, AnthropicBadRequest, 400, "InvalidRequest", "messages.1: tool_use ids were found without tool_result blocks")]
    [InlineData("anthropic", 400, "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/", BedrockValidation, 400, "InvalidRequest", "A conversation must alternate between user and assistant roles.")]
    [InlineData("anthropic", 401, null, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""", 502, "UpstreamFailure", ProviderErrorMapper.CredentialsMessage)]
    [InlineData("openai", 403, "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/", """{"message":"not authorized"}""", 502, "UpstreamFailure", ProviderErrorMapper.CredentialsMessage)]
    [InlineData("openai", 429, null, OpenAiRateLimit, 429, "RateLimited", "Rate limit reached for requests")]
    [InlineData("anthropic", 529, null, AnthropicOverloaded, 529, "Overloaded", ProviderErrorMapper.OverloadedMessage)]
    [InlineData("openai", 529, null, AnthropicOverloaded, 503, "Overloaded", ProviderErrorMapper.OverloadedMessage)]
    [InlineData("openai", 500, null, AnthropicOverloaded, 503, "Overloaded", ProviderErrorMapper.OverloadedMessage)]
    [InlineData("anthropic", 503, "ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.bedrock/", """{"message":"unavailable"}""", 529, "Overloaded", ProviderErrorMapper.OverloadedMessage)]
    [InlineData("openai", 503, null, "<html>bad gateway</html>", 503, "Overloaded", ProviderErrorMapper.OverloadedMessage)]
    [InlineData("openai", 500, null, InternalSecret, 500, "UpstreamFailure", ProviderErrorMapper.ServerMessage)]
    [InlineData("anthropic", 424, "ModelErrorException:x", """{"message":"model failed","originalStatusCode":500}""", 500, "UpstreamFailure", ProviderErrorMapper.ServerMessage)]
    [InlineData("openai", 424, "ModelErrorException:x", """{"message":"model failed"}""", 502, "UpstreamFailure", ProviderErrorMapper.ServerMessage)]
    [InlineData("anthropic", 408, "ModelTimeoutException:x", """{"message":"timeout"}""", 504, "Timeout", ProviderErrorMapper.TimeoutMessage)]
    [InlineData("openai", 404, null, """{"error":{"message":"The model `x` does not exist","type":"invalid_request_error","code":"model_not_found"}}""", 404, "NotFound", "The model `x` does not exist")]
    [InlineData("openai", 400, null, "", 400, "InvalidRequest", "The provider rejected the request.")]
    [InlineData("openai", 400, null, AzureContentFilter, 400, "InvalidRequest", "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.")]
    [InlineData("anthropic", 400, null, AzureContentFilter, 400, "InvalidRequest", "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.")]
    [InlineData("openai", 429, null, AzureRateLimit, 429, "RateLimited", "Requests to the ChatCompletions_Create Operation have exceeded the token rate limit. Please retry after 6 seconds.")]
    [InlineData("anthropic", 401, null, """{"error":{"code":"401","message":"Access denied due to invalid subscription key."}}""", 502, "UpstreamFailure", ProviderErrorMapper.CredentialsMessage)]
    public void FromHttp_MapsStatusKindAndSafeMessage(string clientName, int status, string? amznErrorType, string body, int expectedStatus, string expectedKind, string expectedMessage)
    {
        Assert.True(ApiSchemaNames.TryParse(clientName, out var client));
        var error = ProviderErrorMapper.FromHttp(client, status, amznErrorType, retryAfter: null, Encoding.UTF8.GetBytes(body));
        Assert.Equal(expectedStatus, error.Status);
        Assert.Equal(expectedKind, error.Kind.ToString());
        Assert.Equal(expectedMessage, error.Message);
        Assert.DoesNotContain("sk-live", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", 429)]
    [InlineData("anthropic", 529)]
    [InlineData("openai", 503)]
    public void FromHttp_RetryAfter_Kept(string clientName, int status)
    {
        Assert.True(ApiSchemaNames.TryParse(clientName, out var client));
        var error = ProviderErrorMapper.FromHttp(client, status, null, "7", Encoding.UTF8.GetBytes(AnthropicOverloaded));
        Assert.Contains(new KeyValuePair<string, string>("retry-after", "7"), error.Headers);
    }

    [Fact]
    public void FromHttp_Overloaded_RenderedInEachClientFormat()
    {
        var body = Encoding.UTF8.GetBytes(AnthropicOverloaded);
        var anthropic = Render(ApiSchema.Anthropic, ProviderErrorMapper.FromHttp(ApiSchema.Anthropic, 529, null, null, body));
        Assert.Equal("overloaded_error", anthropic["error"]!["type"]!.GetValue<string>());
        var openAi = Render(ApiSchema.OpenAi, ProviderErrorMapper.FromHttp(ApiSchema.OpenAi, 529, null, null, body));
        Assert.Equal("server_error", openAi["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void ResponseTranslator_TranslateError_UsesClientSchema()
    {
        using var translator = ExchangeTranslators.For(ApiSchema.Anthropic, ApiSchema.BedrockConverse)
            .CreateResponseTranslator(GoldenResponseTests.GoldenRequest(ApiSchema.Anthropic, false, true), GoldenFiles.Context);
        var error = translator.TranslateError(429, "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/", "3", Encoding.UTF8.GetBytes("""{"message":"Too many requests"}"""));
        Assert.Equal(429, error.Status);
        Assert.Equal("rate_limit_error", Render(ApiSchema.Anthropic, error)["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void InStream_OpenAiErrorChunk_BecomesAnthropicErrorEvent()
    {
        var sse = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n"
            + "data: {\"error\":{\"message\":\"Rate limit\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}\n\n";
        var events = TranslationHarness.Events(TranslationHarness.Stream(ApiSchema.Anthropic, ApiSchema.OpenAi, sse));
        var last = events[^1];
        Assert.Equal("error", last.Event);
        Assert.Equal("rate_limit_error", last.Data["error"]!["type"]!.GetValue<string>());
        Assert.DoesNotContain(events, e => e.Event == "message_stop");
    }

    [Fact]
    public void InStream_AnthropicErrorToAnthropicClient_RenderedOnce()
    {
        var sse = TranslationHarness.Sse(
            """{"type":"message_start","message":{"id":"m","usage":{"input_tokens":4,"output_tokens":1}}}""",
            """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
        var output = TranslationHarness.Stream(ApiSchema.Anthropic, ApiSchema.Anthropic, Encoding.UTF8.GetBytes(sse), true, out var translator);
        var events = TranslationHarness.Events(output);
        Assert.Single(events, e => e.Event == "error");
        Assert.Equal("overloaded_error", events[^1].Data["error"]!["type"]!.GetValue<string>());
        Assert.Equal(4, translator.Usage.InputTokens);
        Assert.False(translator.Completed);
        Assert.Equal(GatewayErrorKind.Overloaded, translator.StreamError!.Kind);
        translator.Dispose();
    }

    [Theory]
    [InlineData("openai", "anthropic")]
    [InlineData("anthropic", "openai")]
    [InlineData("openai", "openai")]
    [InlineData("anthropic", "anthropic")]
    public void InStream_Cut_ClientGetsErrorEventAndUsageSoFar(string clientName, string providerName)
    {
        Assert.True(ApiSchemaNames.TryParse(clientName, out var client));
        Assert.True(ApiSchemaNames.TryParse(providerName, out var provider));
        var input = provider == ApiSchema.Anthropic
            ? TranslationHarness.Sse("""{"type":"message_start","message":{"id":"m","usage":{"input_tokens":9,"output_tokens":1}}}""")
            : "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}\n\n";
        var output = TranslationHarness.Stream(client, provider, Encoding.UTF8.GetBytes(input), true, out var translator);
        Assert.Contains(ProviderErrorMapper.CutMessage, output, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", output, StringComparison.Ordinal);
        Assert.Equal(9, translator.Usage.InputTokens);
        Assert.Equal(502, translator.StreamError!.Status);
        translator.Dispose();
    }

    [Fact]
    public void WriteStreamError_GatewayAbort_WrittenOnceInClientFormat()
    {
        using var translator = ExchangeTranslators.For(ApiSchema.OpenAi, ApiSchema.BedrockConverse)
            .CreateResponseTranslator(GoldenResponseTests.GoldenRequest(ApiSchema.OpenAi, true, true), GoldenFiles.Context);
        var output = new PooledBufferWriter();
        translator.WriteStreamError(GatewayError.Internal(), output);
        translator.WriteStreamError(GatewayError.Internal(), output);
        translator.TranslateStream([], endOfStream: true, output);
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Single(TranslationHarness.Events(text));
        Assert.StartsWith("data: {\"error\":", text, StringComparison.Ordinal);
    }

    private static JsonNode Render(ApiSchema client, GatewayError error)
    {
        var buffer = new PooledBufferWriter();
        SchemaCodecs.ErrorWriter(client).Write(error, buffer);
        return JsonNode.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan))!;
    }
}
