using System.Text;

namespace AiGateway.Processor.Translation;

/// <summary>
/// <c>aigw translate --from &lt;schema&gt; --to &lt;schema&gt; [--response] [--stream] [--model &lt;id&gt;]</c>: translates stdin to stdout
/// exactly as the gateway would. Requests: <c>--from</c> is the client schema, <c>--to</c> the provider schema (the
/// provider path goes to stderr). Responses (<c>--response</c>): <c>--from</c> is the provider schema, <c>--to</c> the
/// client schema. Bad input → the gateway's error body on stderr and exit code 1.
/// </summary>
internal static class TranslateCommand
{
    public static int Run(string from, string to, bool response, bool stream, Stream stdin, Stream stdout, TextWriter stderr, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!ApiSchemaNames.TryParse(from, out var source) || !ApiSchemaNames.TryParse(to, out var destination))
        {
            stderr.WriteLine("Unknown schema. Use openai, azure-openai, anthropic, bedrock-converse or bedrock-invoke.");
            return 2;
        }

        var client = response ? destination : source;
        if (!SchemaCodecs.IsOpenAiFamily(client) && client != ApiSchema.Anthropic)
        {
            stderr.WriteLine("The client side must be openai or anthropic.");
            return 2;
        }

        using var input = new MemoryStream();
        stdin.CopyTo(input);
        var bytes = input.ToArray();
        return response
            ? TranslateResponse(source, client, stream, bytes, stdout, stderr, model)
            : TranslateRequest(client, destination, stream, bytes, stdout, stderr, model);
    }

    private static int TranslateRequest(ApiSchema client, ApiSchema provider, bool stream, byte[] bytes, Stream stdout, TextWriter stderr, string? model)
    {
        var error = ClientRequestParser.TryParse(client, bytes, out var parsed);
        if (error is null)
        {
            var target = new TranslationTarget(provider, model ?? parsed!.Model, stream || parsed!.Stream);
            using var body = new PooledBufferWriter(bytes.Length + 256);
            error = ExchangeTranslators.For(client, provider).TranslateRequest(parsed!, target, body, out var providerRequest);
            if (error is null)
            {
                stdout.Write(providerRequest!.ClientBodyAsIs ? bytes : body.WrittenSpan);
                stdout.Flush();
                stderr.WriteLine($"POST {providerRequest!.Path}");
                return 0;
            }
        }

        WriteError(client, error, stderr);
        return 1;
    }

    private static int TranslateResponse(ApiSchema provider, ApiSchema client, bool stream, byte[] bytes, Stream stdout, TextWriter stderr, string? model)
    {
        var chat = new ChatRequest { Model = model ?? "model", Stream = stream, IncludeUsage = true };
        var request = new ParsedRequest(client, ReadOnlyMemory<byte>.Empty, chat);
        var context = new ResponseContext(chat.Model, "aigw-translate", 0);
        using var translator = ExchangeTranslators.For(client, provider).CreateResponseTranslator(request, context);
        using var output = new PooledBufferWriter(bytes.Length + 256);
        if (!stream)
        {
            if (translator.TranslateBody(bytes, output) is { } error)
            {
                WriteError(client, error, stderr);
                return 1;
            }
        }
        else
        {
            translator.TranslateStream(bytes, endOfStream: true, output);
        }

        stdout.Write(output.WrittenSpan);
        stdout.Flush();
        if (translator.StreamError is { } streamError)
        {
            WriteError(client, streamError, stderr);
            return 1;
        }

        return 0;
    }

    private static void WriteError(ApiSchema client, GatewayError error, TextWriter stderr)
    {
        using var buffer = new PooledBufferWriter();
        SchemaCodecs.ErrorWriter(client).Write(error, buffer);
        stderr.WriteLine($"{error.Status} {Encoding.UTF8.GetString(buffer.WrittenSpan)}");
    }
}
