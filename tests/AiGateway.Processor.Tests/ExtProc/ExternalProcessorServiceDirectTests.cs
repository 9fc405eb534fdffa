using AiGateway.Processor.ExtProc;
using AiGateway.Processor.ExtProc.Replay;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Grpc.Core.Testing;
using Microsoft.Extensions.DependencyInjection;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.ExtProc;

/// <summary>The service called directly with Grpc.Core.Testing's TestServerCallContext: no transport, only the loop.</summary>
public sealed class ExternalProcessorServiceDirectTests
{
    [Fact]
    public async Task Process_ServerCancelsTheCall_EndsWithoutErrorAndWithoutAnExtraAnswer()
    {
        using var config = new TempConfig();
        await using var services = ExchangeReplayer.BuildServices(config.Path);
        var service = services.GetRequiredService<ExternalProcessorService>();
        using var cancel = new CancellationTokenSource();
        var context = TestServerCallContext.Create(
            "/envoy.service.ext_proc.v3.ExternalProcessor/Process", "localhost", DateTime.UtcNow.AddMinutes(1), [], cancel.Token, "127.0.0.1", null, null, _ => Task.CompletedTask, () => null, _ => { });
        var requests = new InMemoryStream<ProcessingRequest>();
        var responses = new InMemoryStream<ProcessingResponse>();

        var processing = service.Process(requests, responses, context);
        await requests.WriteAsync(RequestHeaders("POST", "/v1/messages"));
        var first = await responses.Reader.ReadAsync().AsTask().WaitAsync(TestProcessor.Timeout);
        await cancel.CancelAsync();
        await processing.WaitAsync(TestProcessor.Timeout);

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestHeaders, first.ResponseCase);
        Assert.False(responses.Reader.TryRead(out _));
        Assert.Equal(0, services.GetRequiredService<ActiveExchanges>().Count);
    }
}
