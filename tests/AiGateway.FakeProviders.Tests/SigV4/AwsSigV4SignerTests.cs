using System.Text;
using AiGateway.FakeProviders.SigV4;

namespace AiGateway.FakeProviders.Tests.SigV4;

/// <summary>The SigV4 vectors of shared/reference/provider-apis.md §6.3 (computed there with botocore).</summary>
public sealed class AwsSigV4SignerTests
{
    private const string ConverseBody = """{"messages": [{"role": "user", "content": [{"text": "Hi"}]}], "inferenceConfig": {"maxTokens": 256}}""";
    private const string StreamBody = """{"messages": [{"role": "user", "content": [{"text": "Hi"}]}]}""";
    private const string ProfilePath = "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream";

    public static TheoryData<string, string, string, string, string, string?, string> Vectors => new()
    {
        { "bedrock-runtime.us-east-1.amazonaws.com", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", "bedrock", "application/json", ConverseBody, null, "c43b072dadb9da763a8d2c1a9d652d4cfe81eee1485b49844bfee12514b64771" },
        { "bedrock-runtime.us-east-1.amazonaws.com", ProfilePath, "bedrock", "application/json", StreamBody, null, "0a5b6faf7429dae0a156320bf30b5a1aaf61df12ff758d0eb55425035d4e92c0" },
        { "secretsmanager.us-east-1.amazonaws.com", "/", "secretsmanager", "application/x-amz-json-1.1", """{"SecretId": "prod/aigateway/anthropic"}""", "secretsmanager.GetSecretValue", "2d5f367d394b45f18796ff4a021033b1af7e25f6fc5b151373c09c8baf8088c7" },
        { "bedrock-runtime.us-east-1.amazonaws.com", "/guardrail/gr1234abcd/version/1/apply", "bedrock", "application/json", """{"source": "INPUT", "content": [{"text": {"text": "My SSN is 123-45-6789"}}]}""", null, "6a3811ba0ba98b34f0b8b7ef71f1e64c850e5978a962a10815e87a4846399897" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_ReferenceVector_ProducesReferenceSignature(string host, string path, string service, string contentType, string body, string? target, string signature)
    {
        var request = Request(host, path, contentType, body, target);

        var authorization = AwsSigV4Signer.Sign(request, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", service, request.Headers.Select(header => header.Key));

        Assert.EndsWith("Signature=" + signature, authorization, StringComparison.Ordinal);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/{service}/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalRequest_ConverseVector_MatchesReferenceText()
    {
        var request = Request("bedrock-runtime.us-east-1.amazonaws.com", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", "application/json", ConverseBody, null);
        const string Expected = """
            POST
            /model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse

            content-type:application/json
            host:bedrock-runtime.us-east-1.amazonaws.com
            x-amz-date:20240101T000000Z
            x-amz-security-token:FQoGZXIvYXdzEXAMPLETOKEN

            content-type;host;x-amz-date;x-amz-security-token
            ff61d9daf5973cc3c908a9726c1495d71fe81c1a42f7a56daad69b349dba9b4c
            """;

        var canonical = AwsSigV4Signer.CanonicalRequest(request, ["content-type", "host", "x-amz-date", "x-amz-security-token"], AwsSigV4Signer.HexSha256(request.Body.Span));

        Assert.Equal(Expected, canonical);
        Assert.EndsWith("e4dcf2bbe7b566176eab9eb471a24b81c83c9e0a83db276e4a38ce3be847d6b4", AwsSigV4Signer.StringToSign("20240101T000000Z", "20240101/us-east-1/bedrock/aws4_request", canonical), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StreamBody, "b00b27ae96cce295b9d6456bac8d08b3e3114022bfcf26610ff22e99a58513c3")]
    [InlineData("""{"SecretId": "prod/aigateway/anthropic"}""", "087e72b363d5ce91df96de83c303da03fad063c53ba2ae5139cc54fd836984fd")]
    public void HexSha256_ReferenceBody_MatchesReferenceHash(string body, string hash) =>
        Assert.Equal(hash, AwsSigV4Signer.HexSha256(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData(ProfilePath, "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse-stream")]
    [InlineData("/model/raw:colon/converse", "/model/raw%3Acolon/converse")]
    [InlineData("", "/")]
    public void CanonicalUri_EncodedPath_IsEncodedAgain(string rawPath, string expected) =>
        Assert.Equal(expected, AwsSigV4Signer.CanonicalUri(rawPath));

    [Fact]
    public void CanonicalQuery_UnsortedEncodedPairs_SortsAndReencodes() =>
        Assert.Equal("a=1&b=x%20y&b=z&c=", AwsSigV4Signer.CanonicalQuery("c=&b=z&a=1&b=x%20y"));

    [Fact]
    public void CanonicalHeaderValue_RepeatedHeaderWithSpaces_JoinsTrimmedValues() =>
        Assert.Equal("a b,c", AwsSigV4Signer.CanonicalHeaderValue([new("X-Test", "  a   b "), new("x-test", "c")], "x-test"));

    internal static AwsSigV4Request Request(string host, string path, string contentType, string body, string? target)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", contentType),
            new("host", host),
            new("x-amz-date", "20240101T000000Z"),
            new("x-amz-security-token", "FQoGZXIvYXdzEXAMPLETOKEN"),
        };
        if (target is not null)
        {
            headers.Add(new("x-amz-target", target));
        }

        return new AwsSigV4Request("POST", path, string.Empty, headers, Encoding.UTF8.GetBytes(body));
    }
}
