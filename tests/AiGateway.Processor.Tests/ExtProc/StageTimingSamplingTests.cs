using System.Text;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Tests.ExtProc;

/// <summary>adr/021: the stages of one exchange in <c>telemetry.stage_duration_sampling</c> are timed.</summary>
public sealed class StageTimingSamplingTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 3200, 3200)]
    [InlineData(16, 100, 300)] // binomial(3200, 1/16): mean 200, standard deviation 13.7
    public void Exchange_StagesTimed_OneInN(int sampling, int atLeast, int atMost)
    {
        var snapshot = GatewayConfigLoader.Load(Encoding.UTF8.GetBytes($"telemetry: {{ stage_duration_sampling: {sampling} }}\n"), "t.yaml");

        var timed = Enumerable.Range(0, 3200).Count(_ => new Exchange(snapshot, TimeProvider.System).StagesTimed);

        Assert.InRange(timed, atLeast, atMost);
    }

    [Fact]
    public void Default_IsOneInSixteen()
    {
        Assert.Equal(16, GatewayConfigLoader.Load("teams: {}\n"u8.ToArray(), "t.yaml").Config.Telemetry.StageDurationSampling);
    }
}
