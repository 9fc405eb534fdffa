using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Service.ExtProc.V3;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>clear_route_cache and route re-selection on the new headers (ext-proc-protocol.md §0.7, §3.10).</summary>
public sealed class RouteCacheTests
{
    // The route is chosen on the headers as they arrive (no x-aigw-route → the catch-all 404); only a CommonResponse with
    // clear_route_cache AND a header_mutation (even empty) makes Envoy look again.
    [Theory]
    [InlineData("set-and-clear-in-body", 200, "model-a")]
    [InlineData("set-in-headers-clear-in-body-with-empty-mutation", 200, "model-a")]
    [InlineData("set-in-headers-clear-in-body-without-mutation", 404, "catch_all")]
    [InlineData("set-in-body-without-clear", 404, "catch_all")]
    [InlineData("set-and-clear-in-headers", 200, "model-a")]
    public async Task ClearRouteCache_OnlyWithHeaderMutation_ReroutesOnNewHeaders(string script, int expectedStatus, string expectedRoute)
    {
        var route = Answers.Mutation(Answers.Set("x-aigw-route", "model-a"));
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(r => (script, r.RequestCase) switch
        {
            ("set-and-clear-in-body", RequestCase.RequestBody) => Answers.With(r, new CommonResponse { HeaderMutation = route, ClearRouteCache = true }),
            ("set-in-headers-clear-in-body-with-empty-mutation" or "set-in-headers-clear-in-body-without-mutation", RequestCase.RequestHeaders) => Answers.With(r, new CommonResponse { HeaderMutation = route }),
            ("set-in-headers-clear-in-body-with-empty-mutation", RequestCase.RequestBody) => Answers.With(r, new CommonResponse { HeaderMutation = new HeaderMutation(), ClearRouteCache = true }),
            ("set-in-headers-clear-in-body-without-mutation", RequestCase.RequestBody) => Answers.With(r, new CommonResponse { ClearRouteCache = true }),
            ("set-in-body-without-clear", RequestCase.RequestBody) => Answers.With(r, new CommonResponse { HeaderMutation = route }),
            ("set-and-clear-in-headers", RequestCase.RequestHeaders) => Answers.With(r, new CommonResponse { HeaderMutation = route, ClearRouteCache = true }),
            _ => Answers.Continue(r),
        }));

        using var response = await harness.PostAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal(expectedRoute, log.RouteName);
        Assert.Equal(expectedStatus == 200 ? 1 : 0, harness.Upstream0.Requests.Count);
    }

    [Fact]
    public async Task RouteCacheActionRetain_NeverReroutes()
    {
        var yaml = TestYaml.Build(TestYaml.DefaultRouterExtProc + "\nroute_cache_action: RETAIN");
        await using var harness = await StandInHarness.StartAsync(yaml, s => s.AnswerAllAsync(StandInHarness.RouteToModelA));

        using var response = await harness.PostAsync();

        Assert.Equal(404, (int)response.StatusCode);
    }
}
