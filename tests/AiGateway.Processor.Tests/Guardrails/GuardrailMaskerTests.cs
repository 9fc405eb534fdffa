using AiGateway.Processor.Guardrails;

namespace AiGateway.Processor.Tests.Guardrails;

public sealed class GuardrailMaskerTests
{
    private static readonly GuardrailRule[] Rules =
    [
        new("email", BuiltInDetectors.For(GuardrailDetector.Email), GuardrailAction.Mask, "[EMAIL]", true, true),
        new("ipv4", BuiltInDetectors.For(GuardrailDetector.Ipv4), GuardrailAction.Detect, "[IP]", true, true),
        new("ssn", BuiltInDetectors.For(GuardrailDetector.UsSsn), GuardrailAction.Mask, "[US_SSN]", true, false),
    ];

    [Theory]
    [InlineData("mail a@b.io and c@d.org from 10.0.0.1", "Request", "mail [EMAIL] and [EMAIL] from 10.0.0.1")]
    [InlineData("ssn 123-45-6789 mail a@b.io", "Request", "ssn [US_SSN] mail [EMAIL]")]
    [InlineData("ssn 123-45-6789 mail a@b.io", "Response", "ssn 123-45-6789 mail [EMAIL]")]
    [InlineData("nothing here", "Request", "nothing here")]
    public void Mask_ReplacesOnlyMaskRulesOfTheDirection(string text, string direction, string expected)
    {
        var scanner = new GuardrailScanner(Rules);
        var matches = new List<GuardrailMatch>();
        scanner.Scan(text, Enum.Parse<GuardrailDirection>(direction), matches);

        Assert.Equal(expected, GuardrailMasker.Mask(text, matches, scanner.Rules));
    }

    [Fact]
    public void Mask_OverlappingMatches_CollapseIntoOnePlaceholder()
    {
        List<GuardrailMatch> matches = [new(0, 2, 5), new(2, 4, 6)];

        Assert.Equal("ab[EMAIL]k", GuardrailMasker.Mask("abcdefghijk", matches, Rules));
    }
}
