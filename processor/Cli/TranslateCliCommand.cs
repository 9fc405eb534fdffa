using System.CommandLine;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Cli;

/// <summary>
/// <c>aigw translate --from &lt;schema&gt; --to &lt;schema&gt; [--response] [--stream] [--model &lt;id&gt;]</c>: shows what a
/// request (or a provider response or stream) becomes, with exactly the code the processor uses.
/// </summary>
internal static class TranslateCliCommand
{
    public static Command Create()
    {
        const string schemas = "openai, azure-openai, anthropic, bedrock-converse, bedrock-invoke";
        var from = new Option<string>("--from") { Description = $"Schema of stdin ({schemas}): the client's for requests, the provider's for responses.", Required = true };
        var to = new Option<string>("--to") { Description = $"Schema to write ({schemas}).", Required = true };
        var response = new Option<bool>("--response") { Description = "stdin is a provider response (JSON, or a stream with --stream)." };
        var stream = new Option<bool>("--stream") { Description = "Translate a stream (SSE text or AWS event-stream bytes)." };
        var model = new Option<string?>("--model") { Description = "Provider model id for requests (default: the client's model)." };
        var command = new Command("translate", "Translate a body or stream from stdin to stdout, as the gateway would.") { from, to, response, stream, model };
        command.SetAction(result =>
        {
            using var stdin = Console.OpenStandardInput();
            using var stdout = Console.OpenStandardOutput();
            return TranslateCommand.Run(result.GetValue(from)!, result.GetValue(to)!, result.GetValue(response), result.GetValue(stream), stdin, stdout, Console.Error, result.GetValue(model));
        });
        return command;
    }
}
