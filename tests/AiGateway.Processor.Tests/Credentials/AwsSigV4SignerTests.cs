using System.Text;
using AiGateway.Processor.Credentials;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace AiGateway.Processor.Tests.Credentials;

/// <summary>The vectors of shared/reference/provider-apis.md §6.3 (botocore's signer, computed offline).</summary>
public sealed class AwsSigV4SignerTests
{
    private static readonly ImmutableCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLETOKEN");
    private static readonly DateTime SignedAt = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(
        "bedrock-runtime.us-east-1.amazonaws.com", "bedrock", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", "application/json", null,
        """{"messages": [{"role": "user", "content": [{"text": "Hi"}]}], "inferenceConfig": {"maxTokens": 256}}""",
        "c43b072dadb9da763a8d2c1a9d652d4cfe81eee1485b49844bfee12514b64771")]
    [InlineData(
        "bedrock-runtime.us-east-1.amazonaws.com", "bedrock", "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream", "application/json", null,
        """{"messages": [{"role": "user", "content": [{"text": "Hi"}]}]}""",
        "0a5b6faf7429dae0a156320bf30b5a1aaf61df12ff758d0eb55425035d4e92c0")]
    [InlineData(
        "secretsmanager.us-east-1.amazonaws.com", "secretsmanager", "/", "application/x-amz-json-1.1", "secretsmanager.GetSecretValue",
        """{"SecretId": "prod/aigateway/anthropic"}""",
        "2d5f367d394b45f18796ff4a021033b1af7e25f6fc5b151373c09c8baf8088c7")]
    [InlineData(
        "bedrock-runtime.us-east-1.amazonaws.com", "bedrock", "/guardrail/gr1234abcd/version/1/apply", "application/json", null,
        """{"source": "INPUT", "content": [{"text": {"text": "My SSN is 123-45-6789"}}]}""",
        "6a3811ba0ba98b34f0b8b7ef71f1e64c850e5978a962a10815e87a4846399897")]
    public void Sign_ReferenceVector_MatchesBotocore(string host, string service, string path, string contentType, string? target, string body, string signature)
    {
        var headers = new List<KeyValuePair<string, string>> { new("content-type", contentType) };
        if (target is not null)
        {
            headers.Add(new("x-amz-target", target));
        }

        var request = new AwsSigningRequest("POST", host, path, "", headers, Encoding.UTF8.GetBytes(body), "us-east-1", service);

        var added = AwsSigV4Signer.Sign(request, Credentials, SignedAt);

        var authorization = added.Single(h => h.Key == "authorization").Value;
        var signedHeaders = target is null ? "content-type;host;x-amz-date;x-amz-security-token" : "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
        Assert.Equal($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/{service}/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}", authorization);
        Assert.Equal("20240101T000000Z", added.Single(h => h.Key == "x-amz-date").Value);
        Assert.Equal("FQoGZXIvYXdzEXAMPLETOKEN", added.Single(h => h.Key == "x-amz-security-token").Value);
    }

    [Fact]
    public void EncodePath_AlreadyEncodedPath_IsEncodedAgain() =>
        Assert.Equal("/model/a%253Ab%252Fc/converse", AwsSigV4Signer.EncodePath("/model/a%3Ab%2Fc/converse"));

    [Fact]
    public void Sign_PermanentCredentials_AddNoSecurityToken()
    {
        var request = new AwsSigningRequest("POST", "h", "/", "", [], "{}"u8.ToArray(), "us-east-1", "bedrock");

        var added = AwsSigV4Signer.Sign(request, new ImmutableCredentials("AKID", "secret", null), SignedAt);

        Assert.DoesNotContain(added, h => h.Key == "x-amz-security-token");
        Assert.Contains("SignedHeaders=host;x-amz-date,", added.Single(h => h.Key == "authorization").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_SameScopeWithAnotherSecretOrDay_DerivesAnotherKey()
    {
        // The signing key is cached per access key, day, region and service: a changed secret or day must not reuse it.
        var request = new AwsSigningRequest("POST", "h", "/", "", [], "{}"u8.ToArray(), "us-east-1", "bedrock");
        static string Signature(IReadOnlyList<KeyValuePair<string, string>> added) =>
            added.Single(h => h.Key == "authorization").Value.Split("Signature=")[1];

        var first = Signature(AwsSigV4Signer.Sign(request, new ImmutableCredentials("AKID", "secret-1", null), SignedAt));
        var again = Signature(AwsSigV4Signer.Sign(request, new ImmutableCredentials("AKID", "secret-1", null), SignedAt));
        var otherSecret = Signature(AwsSigV4Signer.Sign(request, new ImmutableCredentials("AKID", "secret-2", null), SignedAt));
        var nextDay = Signature(AwsSigV4Signer.Sign(request, new ImmutableCredentials("AKID", "secret-1", null), SignedAt.AddDays(1)));
        var expectedNextDay = AWS4Signer.ComputeSignature(
            new ImmutableCredentials("AKID", "secret-1", null), "us-east-1", SignedAt.AddDays(1), "bedrock", "host;x-amz-date",
            AwsSigV4Signer.CanonicalRequest(request, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = "h", ["x-amz-date"] = "20240102T000000Z" }, "host;x-amz-date")).Signature;

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSecret);
        Assert.Equal(expectedNextDay, nextDay);
    }
}
