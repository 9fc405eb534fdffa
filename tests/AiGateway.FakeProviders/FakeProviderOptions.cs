namespace AiGateway.FakeProviders;

/// <summary>How to start the fake. Port 0 picks a free port.</summary>
public sealed record FakeProviderOptions
{
    /// <summary>Port of the HTTP/1.1 endpoint.</summary>
    public int Port { get; init; }

    /// <summary>Port of the HTTP/2 cleartext (prior knowledge) endpoint.</summary>
    public int Http2Port { get; init; }

    public FakeCredentials Credentials { get; init; } = FakeCredentials.Default;

    /// <summary>How far <c>x-amz-date</c> may be from now; AWS allows about five minutes (§6.1).</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Serve <c>/__fake/script</c>, <c>/__fake/requests</c> and <c>/__fake/reset</c> for tests outside .NET.</summary>
    public bool EnableControlApi { get; init; }
}
