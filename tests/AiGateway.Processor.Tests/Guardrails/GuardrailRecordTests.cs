using System.Text.Json;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Guardrails;
using AiGateway.Processor.Telemetry;

namespace AiGateway.Processor.Tests.Guardrails;

public sealed class GuardrailRecordTests
{
    [Fact]
    public void UsageRecord_ListsEachDecisionOnce_WithoutText()
    {
        var exchange = new Exchange(new GatewaySnapshot(new GatewayConfig(), "h", "t"), TimeProvider.System);
        var mask = new GuardrailDecision("pii", "email", GuardrailAction.Mask, GuardrailDirection.Request);
        GuardrailDecisions.Record(exchange, mask);
        GuardrailDecisions.Record(exchange, mask);
        GuardrailDecisions.Record(exchange, new GuardrailDecision("credentials", "aws-secret-key", GuardrailAction.Block, GuardrailDirection.Response));

        using var record = JsonDocument.Parse(UsageRecordWriter.Write(exchange, ExchangeCost.Of(exchange), exchange.StartedAtUtc, exchange.StartedAt, TimeProvider.System));

        var decisions = record.RootElement.GetProperty("guardrails");
        Assert.Equal(2, decisions.GetArrayLength());
        Assert.Equal("""{"policy":"pii","rule":"email","action":"mask","direction":"request"}""", decisions[0].GetRawText());
        Assert.Equal("""{"policy":"credentials","rule":"aws-secret-key","action":"block","direction":"response"}""", decisions[1].GetRawText());
    }
}
