namespace AiGateway.FakeProviders.SigV4;

/// <summary>Why a request's SigV4 failed: the AWS exception name (for <c>x-amzn-ErrorType</c>) and message.</summary>
internal sealed record AwsSigV4Rejection(string ExceptionName, string Message);
