using System.Collections.Concurrent;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Processor.Tests.Budgets;

public sealed class ExchangeCostTests
{
    [Fact]
    public void Final_CostAlreadyKept_ReturnsItWithoutRecomputing()
    {
        // No usage and no backend: a fresh computation would be zero, so a non-zero answer can only be the kept one.
        var exchange = new Exchange(new GatewaySnapshot(new GatewayConfig(), "h", "t"), TimeProvider.System);
        exchange.Cost = new ExchangeCost(42, 1, 2, 3, 4, 5, null);

        Assert.Equal(42, ExchangeCost.Final(exchange).TotalMicroUsd);
    }

    [Fact]
    public void Final_FirstCall_KeepsTheComputedCostOnTheExchange()
    {
        var exchange = new Exchange(new GatewaySnapshot(new GatewayConfig(), "h", "t"), TimeProvider.System);

        var cost = ExchangeCost.Final(exchange);

        Assert.Equal(cost, exchange.Cost);
    }

    [Fact]
    public async Task MetadataSettlementAndRecord_SeeTheSameCost()
    {
        var ended = new ConcurrentQueue<Exchange>();
        await using var harness = await TelemetryHarness.StartAsync(services: s => s.AddSingleton<IExchangeEndObserver>(new Capture(ended)));

        var answers = await harness.RequestAsync("cost-once", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], key: harness.RichKey,
            chunks: [TelemetryHarness.Completion(input: 1000, output: 200, cached: 400)]);
        var records = await harness.StopAndReadRecordsAsync();

        var metadata = (decimal)answers[^1].DynamicMetadata.Fields["aigw"].StructValue.Fields["cost_usd"].NumberValue;
        var record = records["cost-once"];
        var exchange = Assert.Single(ended, e => e.RequestId == "cost-once");
        Assert.NotNull(exchange.Cost);
        var kept = exchange.Cost.Value.TotalMicroUsd / 1_000_000m;
        Assert.True(kept > 0);
        Assert.Equal(kept, metadata);
        Assert.Equal(kept, exchange.CostMicroUsd / 1_000_000m);
        Assert.Equal(kept, record.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(kept, record.GetProperty("budget").GetProperty("settled_usd").GetDecimal());
    }

    private sealed class Capture(ConcurrentQueue<Exchange> ended) : IExchangeEndObserver
    {
        public void OnExchangeEnd(Exchange exchange)
        {
            if (exchange.Level == FilterLevel.Router)
            {
                ended.Enqueue(exchange);
            }
        }
    }
}
