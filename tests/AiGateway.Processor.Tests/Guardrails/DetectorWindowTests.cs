using System.Text;
using System.Text.RegularExpressions;
using AiGateway.Processor.Guardrails;

namespace AiGateway.Processor.Tests.Guardrails;

/// <summary>
/// The built-in detectors run their regexes only in windows (around anchors, on alphabet runs); these tests hold them
/// to the plain whole-text regex on texts full of edge cases: matches at the text's start and end, back to back,
/// across what would be a window edge, and near misses one character off.
/// </summary>
public sealed class DetectorWindowTests
{
    private static readonly string[] Fragments =
    [
        "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111112", "378282246310005", "5500 0000 0000 0004",
        "123-45-6789", "000-12-3456", "123-45-67890", "555-123-4567", "(555) 123-4567", "+44 20 7946 0958", "+1 555.123.4567",
        "192.168.10.254", "256.1.1.1", "1.2.3.4.5", "10.0.0.1", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000",
        "jane.doe+ai@example.co.uk", "a@b.co", "x@y", "@handle", "dev@@example.org", "first.last@sub.example.com",
        "AKIAIOSFODNN7EXAMPLE", "XAKIAIOSFODNN7EXAMPLE", "sk-proj-abcDEF1234567890ghijKLMN", "task-abcdefghijklmnopqrstuvwxyz",
        "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123", "ghp_0123456789abcdefghijklmnopqrstuvwxyz", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "٣٤٥-١٢-٦٧٨٩", "4.2.0", "2026-11-23", "12345",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "3f786850e387550fdab836ed7e6dc881de23001b", "word", "Word", "_", ".", "-", "+", "(",
    ];

    private static readonly string[] Separators = ["", "", " ", " ", "\n", ".", "-", ",", "a", "Z", "0", "7", "@", "_", "+", "  ", "é"];

    public static TheoryData<string> RegexKinds() => [.. Enum.GetNames<GuardrailDetector>().Where(k => k != nameof(GuardrailDetector.AwsSecretKey))];

    [Theory]
    [MemberData(nameof(RegexKinds))]
    public void Find_RandomTextsFullOfEdgeCases_SameMatchesAsWholeTextRegex(string name)
    {
        var kind = Enum.Parse<GuardrailDetector>(name);
        var random = new Random(8 + (int)kind);
        var detector = BuiltInDetectors.For(kind);
        var regex = BuiltInDetectors.WholeTextRegex(kind);
        var found = 0;
        for (var i = 0; i < 2000; i++)
        {
            var text = RandomText(random);
            var windowed = Find(detector, text);
            var whole = WholeText(regex, kind, text);

            Assert.True(whole.SequenceEqual(windowed), $"{kind} differs on \"{text}\": whole [{string.Join(", ", whole)}], windowed [{string.Join(", ", windowed)}]");
            found += whole.Count;
        }

        Assert.True(found > 0, $"the random texts never held a {kind} match, so the comparison proved nothing");
    }

    [Fact]
    public void AwsSecretKey_RandomTexts_SameMatchesAsRunByRunScan()
    {
        var random = new Random(40);
        var found = 0;
        for (var i = 0; i < 2000; i++)
        {
            var text = RandomText(random);
            var expected = SecretKeyRuns(text);

            Assert.Equal(expected, Find(AwsSecretKeyDetector.Instance, text));
            found += expected.Count;
        }

        Assert.True(found > 0);
    }

    [Theory]
    [InlineData("Email", "a@example.org", "a@example.org")]
    [InlineData("Email", "a@example.org,b@example.org", "a@example.org|b@example.org")]
    [InlineData("Email", "to:a@example.org b@example.org", "a@example.org|b@example.org")]
    [InlineData("Phone", "555-123-4567", "555-123-4567")]
    [InlineData("Phone", "555-123-4567,555-123-4568", "555-123-4567|555-123-4568")]
    [InlineData("CreditCard", "4111111111111111", "4111111111111111")]
    [InlineData("CreditCard", "4111111111111111,5500000000000004", "4111111111111111|5500000000000004")]
    [InlineData("UsSsn", "123-45-6789", "123-45-6789")]
    [InlineData("UsSsn", "123-45-6789 123-45-6788", "123-45-6789|123-45-6788")]
    [InlineData("Ipv4", "10.0.0.1", "10.0.0.1")]
    [InlineData("Ipv4", "10.0.0.1 10.0.0.2,10.0.0.3", "10.0.0.1|10.0.0.2|10.0.0.3")]
    [InlineData("Iban", "DE89370400440532013000", "DE89370400440532013000")]
    [InlineData("AwsAccessKey", "AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("OpenAiKey", "sk-abcdefghijklmnopqrstuvwxyz sk-abcdefghijklmnopqrstuvwxy2", "sk-abcdefghijklmnopqrstuvwxyz|sk-abcdefghijklmnopqrstuvwxy2")]
    [InlineData("AwsSecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("AwsSecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ")]
    public void Find_WholeTextOrBackToBack_FindsEach(string kind, string text, string expected)
    {
        var matches = Find(BuiltInDetectors.For(Enum.Parse<GuardrailDetector>(kind)), text);

        Assert.Equal(expected.Split('|'), matches.Select(m => text.Substring(m.Start, m.Length)));
    }

    [Theory]
    [InlineData("Email", "a@example.org9")]
    [InlineData("CreditCard", "-4111111111111111")]
    [InlineData("CreditCard", "4111111111111111-")]
    [InlineData("UsSsn", "1123-45-6789")]
    [InlineData("Ipv4", "10.0.0.1.7")]
    [InlineData("Ipv4", "1.10.0.0.1")]
    [InlineData("Phone", "a555-123-4567")]
    [InlineData("AwsAccessKey", "AKIAIOSFODNN7EXAMPLE1")]
    public void Find_OneCharacterMoreAtTheWindowEdge_NoMatch(string kind, string text)
    {
        Assert.Empty(Find(BuiltInDetectors.For(Enum.Parse<GuardrailDetector>(kind)), text));
    }

    [Fact]
    public void Find_MatchAfterLongRunOfTheAlphabet_IsFound()
    {
        // The window of a run starts where the run starts, however far before the match that is.
        var text = new string(' ', 500) + "4111 1111 1111 1111" + new string('0', 3) + " x 4111 1111 1111 1111";

        var match = Assert.Single(Find(BuiltInDetectors.For(GuardrailDetector.CreditCard), text));

        Assert.Equal(text.Length - 19, match.Start);
    }

    private static List<GuardrailMatch> Find(ITextDetector detector, string text)
    {
        var matches = new List<GuardrailMatch>();
        detector.Find(text, 0, matches);
        return matches;
    }

    private static List<GuardrailMatch> WholeText(Regex regex, GuardrailDetector kind, string text)
    {
        var matches = new List<GuardrailMatch>();
        foreach (var match in regex.EnumerateMatches(text))
        {
            var value = text.AsSpan(match.Index, match.Length);
            var valid = kind switch
            {
                GuardrailDetector.CreditCard => PiiChecksums.IsLuhnValid(value),
                GuardrailDetector.Iban => PiiChecksums.IsIbanValid(value),
                _ => true,
            };
            if (valid)
            {
                matches.Add(new GuardrailMatch(0, match.Index, match.Length));
            }
        }

        return matches;
    }

    /// <summary>The obvious scan: every maximal run of the key alphabet, checked as a whole.</summary>
    private static List<GuardrailMatch> SecretKeyRuns(string text)
    {
        var matches = new List<GuardrailMatch>();
        foreach (Match run in Regex.Matches(text, "[A-Za-z0-9/+]+"))
        {
            var end = run.Index + run.Length;
            var value = run.Value;
            if (run.Length == 40 && (end == text.Length || text[end] != '=')
                && value.Any(char.IsAsciiLetterUpper) && value.Any(char.IsAsciiLetterLower) && value.Any(char.IsAsciiDigit))
            {
                matches.Add(new GuardrailMatch(0, run.Index, 40));
            }
        }

        return matches;
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        var parts = random.Next(1, 8);
        for (var i = 0; i < parts; i++)
        {
            text.Append(Separators[random.Next(Separators.Length)]).Append(Fragments[random.Next(Fragments.Length)]);
        }

        return text.Append(Separators[random.Next(Separators.Length)]).ToString();
    }
}
