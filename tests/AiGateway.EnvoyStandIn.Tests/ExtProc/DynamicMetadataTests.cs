using AiGateway.EnvoyStandIn.Tests.Fakes;
using Google.Protobuf.WellKnownTypes;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>dynamic_metadata from the processor (ext-proc-protocol.md §3.12).</summary>
public sealed class DynamicMetadataTests
{
    [Fact]
    public async Task DynamicMetadata_MergedOnlyForReceivingNamespaces_KeptPerRequest()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(r =>
        {
            var answer = StandInHarness.RouteToModelA(r);
            answer.DynamicMetadata = r.RequestCase switch
            {
                RequestCase.RequestBody => Struct(("aigw", Struct(("model", Value.ForString("m")), ("input_tokens", Value.ForNumber(1))))),
                RequestCase.ResponseBody => Struct(
                    ("aigw", Struct(("input_tokens", Value.ForNumber(12)), ("output_tokens", Value.ForNumber(34))))),
                _ => Struct(("not_received", Struct(("x", Value.ForNumber(1))))),
            };
            return answer;
        }));

        using var response = await harness.PostAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(["aigw"], log.DynamicMetadata.FilterMetadata.Keys);
        var aigw = log.DynamicMetadata.FilterMetadata["aigw"].Fields;
        Assert.Equal("m", aigw["model"].StringValue);
        Assert.Equal(12, aigw["input_tokens"].NumberValue);
        Assert.Equal(34, aigw["output_tokens"].NumberValue);
    }

    private static Struct Struct(params (string Key, Value Value)[] fields)
    {
        var value = new Struct();
        foreach (var (key, field) in fields)
        {
            value.Fields[key] = field;
        }

        return value;
    }

    private static Struct Struct(params (string Key, Struct Value)[] fields)
    {
        var value = new Struct();
        foreach (var (key, field) in fields)
        {
            value.Fields[key] = Value.ForStruct(field);
        }

        return value;
    }
}
