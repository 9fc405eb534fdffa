using System.Text;
using AiGateway.FakeProviders.SigV4;
using AiGateway.FakeProviders.Tests.Support;

namespace AiGateway.FakeProviders.Tests.SigV4;

public sealed class AwsSigV4VerifierTests
{
    private const string Path = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse";
    private const string Body = """{"messages": [{"role": "user", "content": [{"text": "Hi"}]}], "inferenceConfig": {"maxTokens": 256}}""";
    private const string VectorAuthorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=c43b072dadb9da763a8d2c1a9d652d4cfe81eee1485b49844bfee12514b64771";

    private static readonly FakeCredentials WithToken = FakeCredentials.Default with { AwsSessionToken = "FQoGZXIvYXdzEXAMPLETOKEN" };

    [Fact]
    public void Verify_ReferenceVectorA_Accepts() =>
        Assert.Null(Verifier(WithToken).Verify(Signed(VectorAuthorization)));

    [Fact]
    public void Verify_BodyChangedAfterSigning_RejectsSignature()
    {
        var request = Signed(VectorAuthorization) with { Body = Encoding.UTF8.GetBytes(Body.Replace("Hi", "Ho", StringComparison.Ordinal)) };

        Assert.Equal("InvalidSignatureException", Verifier(WithToken).Verify(request)?.ExceptionName);
    }

    [Fact]
    public void Verify_PathChangedAfterSigning_RejectsSignature()
    {
        var request = Signed(VectorAuthorization) with { RawPath = "/model/anthropic.claude-3-5-sonnet-20240620-v1:0/converse" };

        Assert.Equal("InvalidSignatureException", Verifier(WithToken).Verify(request)?.ExceptionName);
    }

    [Fact]
    public void Verify_WrongSignature_RejectsWithAwsMessage()
    {
        var rejection = Verifier(WithToken).Verify(Signed(VectorAuthorization[..^4] + "0000"));

        Assert.Equal("InvalidSignatureException", rejection?.ExceptionName);
        Assert.StartsWith("The request signature we calculated does not match", rejection?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MissingSessionToken_RejectsAsUnrecognizedClient()
    {
        var request = Signed(VectorAuthorization);
        request = request with { Headers = [.. request.Headers.Where(header => header.Key != "x-amz-security-token")] };

        Assert.Equal("UnrecognizedClientException", Verifier(WithToken).Verify(request)?.ExceptionName);
    }

    [Fact]
    public void Verify_SessionTokenNotExpected_StillChecksSignature() =>
        Assert.Null(Verifier(FakeCredentials.Default).Verify(Signed(VectorAuthorization)));

    [Theory]
    [InlineData("AKIDOTHER", "20240101/us-east-1/bedrock", "UnrecognizedClientException")]
    [InlineData("AKIDEXAMPLE", "20240101/eu-west-1/bedrock", "InvalidSignatureException")]
    [InlineData("AKIDEXAMPLE", "20240101/us-east-1/s3", "InvalidSignatureException")]
    [InlineData("AKIDEXAMPLE", "20240102/us-east-1/bedrock", "IncompleteSignatureException")]
    public void Verify_WrongCredentialScope_Rejects(string accessKey, string scope, string exception)
    {
        var authorization = VectorAuthorization.Replace("AKIDEXAMPLE/20240101/us-east-1/bedrock", accessKey + "/" + scope, StringComparison.Ordinal);

        Assert.Equal(exception, Verifier(WithToken).Verify(Signed(authorization))?.ExceptionName);
    }

    [Fact]
    public void Verify_ClockFarFromSigningTime_RejectsAsExpired()
    {
        var verifier = new AwsSigV4Verifier(WithToken, new FixedTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 6, 0, TimeSpan.Zero)), TimeSpan.FromMinutes(5));

        Assert.Contains("expired", verifier.Verify(Signed(VectorAuthorization))?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "MissingAuthenticationTokenException")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/bedrock/aws4_request", "IncompleteSignatureException")]
    [InlineData("Basic dXNlcjpwYXNz", "IncompleteSignatureException")]
    public void Verify_MissingOrIncompleteAuthorization_Rejects(string? authorization, string exception) =>
        Assert.Equal(exception, Verifier(WithToken).Verify(Signed(authorization))?.ExceptionName);

    [Fact]
    public void Verify_HostNotSigned_Rejects()
    {
        var request = Signed(null);
        var signedWithoutHost = AwsSigV4Signer.Sign(request, "AKIDEXAMPLE", FakeCredentials.Default.AwsSecretAccessKey, "us-east-1", "bedrock", ["content-type", "x-amz-date", "x-amz-security-token"]);

        Assert.Equal("'Host' must be a signed header.", Verifier(WithToken).Verify(Signed(signedWithoutHost))?.Message);
    }

    [Fact]
    public void Verify_AuthoritySignedInsteadOfHost_Accepts()
    {
        // The AWS SDK for JavaScript signs the HTTP/2 pseudo-header :authority; the server sees it as Host.
        var withAuthority = Signed(null) with { Headers = [.. Signed(null).Headers.Select(header => header.Key == "host" ? new(":authority", header.Value) : header)] };
        var authorization = AwsSigV4Signer.Sign(withAuthority, "AKIDEXAMPLE", FakeCredentials.Default.AwsSecretAccessKey, "us-east-1", "bedrock", withAuthority.Headers.Select(header => header.Key));

        Assert.Contains("SignedHeaders=:authority;content-type", authorization, StringComparison.Ordinal);
        Assert.Null(Verifier(WithToken).Verify(Signed(authorization)));
    }

    private static AwsSigV4Verifier Verifier(FakeCredentials credentials) =>
        new(credentials, new FixedTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 1, 0, TimeSpan.Zero)), TimeSpan.FromMinutes(5));

    private static AwsSigV4Request Signed(string? authorization)
    {
        var request = AwsSigV4SignerTests.Request("bedrock-runtime.us-east-1.amazonaws.com", Path, "application/json", Body, null);
        return authorization is null ? request : request with { Headers = [.. request.Headers, new("authorization", authorization)] };
    }
}
