using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>Drives the public translation API the way the ext_proc code does, with short names for tests.</summary>
internal static class TranslationHarness
{
    public static ParsedRequest Parse(ApiSchema client, string body)
    {
        var error = ClientRequestParser.TryParse(client, Encoding.UTF8.GetBytes(body), out var parsed);
        Assert.True(error is null, error?.Message);
        return parsed!;
    }

    public static GatewayError? TryRequest(ApiSchema client, ApiSchema provider, string body, out string output, out ProviderRequest? providerRequest, Func<TranslationTarget, TranslationTarget>? configure = null)
    {
        var parsed = Parse(client, body);
        var target = new TranslationTarget(provider, "target-model", parsed.Stream);
        target = configure?.Invoke(target) ?? target;
        var buffer = new PooledBufferWriter();
        var error = ExchangeTranslators.For(client, provider).TranslateRequest(parsed, target, buffer, out providerRequest);
        output = providerRequest?.ClientBodyAsIs == true ? body : Encoding.UTF8.GetString(buffer.WrittenSpan);
        return error;
    }

    public static JsonNode Request(ApiSchema client, ApiSchema provider, string body, Func<TranslationTarget, TranslationTarget>? configure = null)
    {
        var error = TryRequest(client, provider, body, out var output, out _, configure);
        Assert.True(error is null, error?.Message);
        return JsonNode.Parse(output)!;
    }

    public static GatewayError RequestError(ApiSchema client, ApiSchema provider, string body)
    {
        var error = TryRequest(client, provider, body, out var output, out _);
        Assert.NotNull(error);
        Assert.Equal(string.Empty, output);
        return error;
    }

    public static JsonNode Response(ApiSchema client, ApiSchema provider, string body)
    {
        using var translator = ExchangeTranslators.For(client, provider).CreateResponseTranslator(GoldenResponseTests.GoldenRequest(client, false, true), GoldenFiles.Context);
        var output = new PooledBufferWriter();
        var error = translator.TranslateBody(Encoding.UTF8.GetBytes(body), output);
        Assert.True(error is null, error?.Message);
        return JsonNode.Parse(Encoding.UTF8.GetString(output.WrittenSpan))!;
    }

    public static string Stream(ApiSchema client, ApiSchema provider, byte[] input, bool includeUsage = true) =>
        Stream(client, provider, input, includeUsage, out _);

    public static string Stream(ApiSchema client, ApiSchema provider, byte[] input, bool includeUsage, out IResponseTranslator translator)
    {
        translator = ExchangeTranslators.For(client, provider).CreateResponseTranslator(GoldenResponseTests.GoldenRequest(client, true, includeUsage), GoldenFiles.Context);
        var output = new PooledBufferWriter();
        translator.TranslateStream(input, endOfStream: true, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static string Stream(ApiSchema client, ApiSchema provider, string input, bool includeUsage = true) =>
        Stream(client, provider, Encoding.UTF8.GetBytes(input), includeUsage);

    /// <summary>The data JSON of each SSE event (skipping <c>[DONE]</c>).</summary>
    public static List<(string Event, JsonNode Data)> Events(string sse)
    {
        var list = new List<(string, JsonNode)>();
        foreach (var (name, data) in GoldenFiles.SseEvents(sse))
        {
            if (data != "[DONE]")
            {
                list.Add((name, JsonNode.Parse(data)!));
            }
        }

        return list;
    }

    public static string Sse(params string[] events)
    {
        var builder = new StringBuilder();
        foreach (var e in events)
        {
            var node = JsonNode.Parse(e)!;
            var type = node["type"]?.GetValue<string>();
            if (type is not null)
            {
                builder.Append("event: ").Append(type).Append('\n');
            }

            builder.Append("data: ").Append(e).Append("\n\n");
        }

        return builder.ToString();
    }
}
