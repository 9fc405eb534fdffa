using AiGateway.Processor.Guardrails;

namespace AiGateway.Processor.Tests.Guardrails;

public sealed class BuiltInDetectorsTests
{
    [Theory]
    [InlineData("Email", "write to jane.doe+ai@example.co.uk today", "jane.doe+ai@example.co.uk")]
    [InlineData("Phone", "call (555) 123-4567 now", "(555) 123-4567")]
    [InlineData("Phone", "call 555-123-4567 now", "555-123-4567")]
    [InlineData("Phone", "ring +44 20 7946 0958.", "+44 20 7946 0958")]
    [InlineData("CreditCard", "card 4111 1111 1111 1111 exp", "4111 1111 1111 1111")]
    [InlineData("CreditCard", "card 5500-0000-0000-0004.", "5500-0000-0000-0004")]
    [InlineData("CreditCard", "amex 378282246310005", "378282246310005")]
    [InlineData("UsSsn", "SSN 123-45-6789.", "123-45-6789")]
    [InlineData("Iban", "pay GB82 WEST 1234 5698 7654 32 please", "GB82 WEST 1234 5698 7654 32")]
    [InlineData("Iban", "IBAN DE89370400440532013000", "DE89370400440532013000")]
    [InlineData("Ipv4", "host 192.168.10.254.", "192.168.10.254")]
    [InlineData("AwsAccessKey", "key=AKIAIOSFODNN7EXAMPLE;", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("AwsAccessKey", "ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A")]
    [InlineData("AwsSecretKey", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("OpenAiKey", "OPENAI_API_KEY=sk-proj-abcDEF1234567890ghijKLMN", "sk-proj-abcDEF1234567890ghijKLMN")]
    [InlineData("AnthropicKey", "x-api-key: sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123")]
    [InlineData("GithubToken", "token ghp_0123456789abcdefghijklmnopqrstuvwxyz ok", "ghp_0123456789abcdefghijklmnopqrstuvwxyz")]
    [InlineData("GithubToken", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop")]
    public void Find_TruePositive_MatchesExactly(string kind, string text, string expected)
    {
        var matches = Find(Enum.Parse<GuardrailDetector>(kind), text);

        var match = Assert.Single(matches);
        Assert.Equal(expected, text.Substring(match.Start, match.Length));
    }

    [Fact]
    public void Find_PemPrivateKey_MatchesWholeBlock()
    {
        const string key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx3\nabc+/=\n-----END RSA PRIVATE KEY-----";
        var text = "here:\n" + key + "\nthanks";

        var match = Assert.Single(Find(GuardrailDetector.PrivateKey, text));

        Assert.Equal(key, text.Substring(match.Start, match.Length));
    }

    [Fact]
    public void Find_PemPrivateKeyWithoutEnd_StillMatchesTheHeader()
    {
        var match = Assert.Single(Find(GuardrailDetector.PrivateKey, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk"));

        Assert.Equal(0, match.Start);
    }

    [Theory]
    [InlineData("Email", "not an email: user@localhost or @handle")]
    [InlineData("Phone", "the date 2024-01-15 and version 1.2.3 and id 5551234567")]
    [InlineData("CreditCard", "16 digits failing Luhn: 4111 1111 1111 1112")]
    [InlineData("CreditCard", "order 1234567890123456")]
    [InlineData("UsSsn", "area 000-12-3456, 666-12-3456, 900-12-3456, group 123-00-4567, serial 123-45-0000")]
    [InlineData("Iban", "bad checksum GB83 WEST 1234 5698 7654 32")]
    [InlineData("Ipv4", "version 1.2.3, 256.1.1.1 and 1.2.3.4.5")]
    [InlineData("AwsAccessKey", "AKIAIOSFODNN7EXAMPL (19) and XAKIAIOSFODNN7EXAMPLE")]
    [InlineData("AwsSecretKey", "git sha 3f786850e387550fdab836ed7e6dc881de23001b and a wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYX")]
    [InlineData("PrivateKey", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----")]
    [InlineData("OpenAiKey", "sk-short and task-abcdefghijklmnopqrstuvwxyz and sk-ant-api03-abcdefghijklmnopqrstuvwxyz")]
    [InlineData("AnthropicKey", "sk-ant-short")]
    [InlineData("GithubToken", "ghp_tooShort and ghx_0123456789abcdefghijklmnopqrstuvwxyz")]
    public void Find_NearMiss_DoesNotMatch(string kind, string text)
    {
        Assert.Empty(Find(Enum.Parse<GuardrailDetector>(kind), text));
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("79927398713", false)]
    [InlineData("4222222222222", true)]
    public void IsLuhnValid_Cases(string number, bool valid) => Assert.Equal(valid, PiiChecksums.IsLuhnValid(number));

    [Theory]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("NL92ABNA0417164300", false)]
    [InlineData("GB82west12345698765432", false)]
    public void IsIbanValid_Cases(string iban, bool valid) => Assert.Equal(valid, PiiChecksums.IsIbanValid(iban));

    [Fact]
    public void DenyList_WholeWordsCaseInsensitive_LongestFirst()
    {
        var detector = new DenyListDetector(["project x", "project x files", "classified"]);
        var matches = new List<GuardrailMatch>();
        const string text = "Declassified? No: Project X files are CLASSIFIED.";

        detector.Find(text, 0, matches);

        Assert.Equal(["Project X files", "CLASSIFIED"], matches.Select(m => text.Substring(m.Start, m.Length)));
    }

    [Fact]
    public void Scan_LargePromptWithoutSecrets_FindsNothing()
    {
        var text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog 42 times, version 1.2.3. ", 500));
        var scanner = new GuardrailScanner([.. Enum.GetValues<GuardrailDetector>().Select(d => new GuardrailRule(d.ToString(), BuiltInDetectors.For(d), GuardrailAction.Block, "[X]", true, true))]);
        var matches = new List<GuardrailMatch>();

        scanner.Scan(text, GuardrailDirection.Request, matches);

        Assert.Empty(matches);
    }

    private static List<GuardrailMatch> Find(GuardrailDetector kind, string text)
    {
        var matches = new List<GuardrailMatch>();
        BuiltInDetectors.For(kind).Find(text, 0, matches);
        return matches;
    }
}
