namespace AiGateway.Processor.Tests;

public sealed class ProgramTests
{
    [Fact]
    public void Main_NoArguments_ReturnsZero() => Assert.Equal(0, Program.Main([]));
}
