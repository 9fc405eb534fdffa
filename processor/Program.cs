using AiGateway.Processor.Cli;

namespace AiGateway.Processor;

internal static class Program
{
    public static Task<int> Main(string[] args) => AigwCommandLine.Build().Parse(args).InvokeAsync();
}
