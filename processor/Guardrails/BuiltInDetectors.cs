using System.Buffers;
using System.Text.RegularExpressions;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// The built-in detectors: source-generated regexes (no runtime compilation, no reflection), each run only in the
/// windows of the text where a match can be (around its anchors, or on runs of its alphabet long enough to hold one),
/// with checksums where the format has one (Luhn for cards, mod-97 for IBANs).
/// </summary>
internal static partial class BuiltInDetectors
{
    private const string AsciiDigits = "0123456789";
    private const string UpperCase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Letters = UpperCase + "abcdefghijklmnopqrstuvwxyz";

    private static readonly ITextDetector[] Detectors = Build();

    /// <summary>The shared detector for a built-in kind.</summary>
    public static ITextDetector For(GuardrailDetector kind) => Detectors[(int)kind];

    /// <summary>The placeholder a masked match of this kind becomes, e.g. <c>[EMAIL]</c>.</summary>
    public static string Placeholder(GuardrailDetector kind) => kind switch
    {
        GuardrailDetector.Email => "[EMAIL]",
        GuardrailDetector.Phone => "[PHONE]",
        GuardrailDetector.CreditCard => "[CREDIT_CARD]",
        GuardrailDetector.UsSsn => "[US_SSN]",
        GuardrailDetector.Iban => "[IBAN]",
        GuardrailDetector.Ipv4 => "[IP_ADDRESS]",
        GuardrailDetector.AwsAccessKey => "[AWS_ACCESS_KEY]",
        GuardrailDetector.AwsSecretKey => "[AWS_SECRET_KEY]",
        GuardrailDetector.PrivateKey => "[PRIVATE_KEY]",
        GuardrailDetector.OpenAiKey or GuardrailDetector.AnthropicKey => "[API_KEY]",
        GuardrailDetector.GithubToken => "[GITHUB_TOKEN]",
        _ => "[REDACTED]",
    };

    private static ITextDetector[] Build()
    {
        var detectors = new ITextDetector[Enum.GetValues<GuardrailDetector>().Length];
        // Each alphabet holds every character its regex can consume (\d: any Unicode digit); minimum lengths and digit
        // counts are those of the shortest match, e.g. "+12 34 56" for phones, "1.1.1.1" for IPv4.
        detectors[(int)GuardrailDetector.Email] = new AnchoredRegexDetector(Email(), Anchors("@"), new MatchAlphabet(Letters + AsciiDigits + "._%+-@", anyDigit: false));
        // A phone number starts with '+' or has \d{3}[.-]\d{4}; an SSN has two dashes; an IPv4 address three dots.
        detectors[(int)GuardrailDetector.Phone] = new RunRegexDetector(Phone(), new MatchAlphabet(AsciiDigits + " .-()+", anyDigit: true), minLength: 9, minDigits: 6, marks: new MatchAlphabet("+.-", anyDigit: false), minMarks: 1);
        detectors[(int)GuardrailDetector.CreditCard] = new RunRegexDetector(CreditCard(), new MatchAlphabet(AsciiDigits + " -", anyDigit: true), minLength: 13, minDigits: 13, PiiChecksums.IsLuhnValid);
        detectors[(int)GuardrailDetector.UsSsn] = new RunRegexDetector(UsSsn(), new MatchAlphabet(AsciiDigits + "-", anyDigit: true), minLength: 11, minDigits: 9, marks: new MatchAlphabet("-", anyDigit: false), minMarks: 2);
        detectors[(int)GuardrailDetector.Iban] = new RunRegexDetector(Iban(), new MatchAlphabet(UpperCase + AsciiDigits + " ", anyDigit: true), minLength: 12, minDigits: 2, PiiChecksums.IsIbanValid);
        detectors[(int)GuardrailDetector.Ipv4] = new RunRegexDetector(Ipv4(), new MatchAlphabet(AsciiDigits + ".", anyDigit: true), minLength: 7, minDigits: 4, marks: new MatchAlphabet(".", anyDigit: false), minMarks: 3);
        detectors[(int)GuardrailDetector.AwsAccessKey] = new AnchoredRegexDetector(AwsAccessKey(), Anchors("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA", "ASCA"), new MatchAlphabet(UpperCase + AsciiDigits, anyDigit: false));
        detectors[(int)GuardrailDetector.AwsSecretKey] = AwsSecretKeyDetector.Instance;
        detectors[(int)GuardrailDetector.PrivateKey] = new RegexDetector(PrivateKey(), Anchors("-----BEGIN "));
        detectors[(int)GuardrailDetector.OpenAiKey] = new AnchoredRegexDetector(OpenAiKey(), Anchors("sk-"), new MatchAlphabet(Letters + AsciiDigits + "_-", anyDigit: false));
        detectors[(int)GuardrailDetector.AnthropicKey] = new AnchoredRegexDetector(AnthropicKey(), Anchors("sk-ant-"), new MatchAlphabet(Letters + AsciiDigits + "_-", anyDigit: false));
        detectors[(int)GuardrailDetector.GithubToken] = new AnchoredRegexDetector(GithubToken(), Anchors("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), new MatchAlphabet(Letters + AsciiDigits + "_", anyDigit: false));
        return detectors;
    }

    /// <summary>
    /// The plain regex of a regex-backed kind (not <see cref="GuardrailDetector.AwsSecretKey"/>), run over the whole
    /// text: the reference the windowed detectors must agree with.
    /// </summary>
    internal static Regex WholeTextRegex(GuardrailDetector kind) => kind switch
    {
        GuardrailDetector.Email => Email(),
        GuardrailDetector.Phone => Phone(),
        GuardrailDetector.CreditCard => CreditCard(),
        GuardrailDetector.UsSsn => UsSsn(),
        GuardrailDetector.Iban => Iban(),
        GuardrailDetector.Ipv4 => Ipv4(),
        GuardrailDetector.AwsAccessKey => AwsAccessKey(),
        GuardrailDetector.PrivateKey => PrivateKey(),
        GuardrailDetector.OpenAiKey => OpenAiKey(),
        GuardrailDetector.AnthropicKey => AnthropicKey(),
        GuardrailDetector.GithubToken => GithubToken(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not regex-backed"),
    };

    private static SearchValues<string> Anchors(params string[] anchors) => SearchValues.Create(anchors, StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // Formatted numbers only: +international, or (555) 123-4567 / 555-123-4567 / 555.123.4567. Bare digit runs are
    // too often ids and amounts to call them phone numbers.
    [GeneratedRegex(@"(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){2,4}|(?:\+?1[ .-])?(?:\(\d{3}\) ?|\d{3}[.-])\d{3}[.-]\d{4})(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex CreditCard();

    // SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000.
    [GeneratedRegex(@"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex UsSsn();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Iban();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKey();

    // The whole block when it is complete; the header alone when the END line is missing (a pasted, cut key).
    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[A-Za-z0-9+/=\s:,-]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----)?", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])sk-(?!ant-)[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex AnthropicKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex GithubToken();
}
