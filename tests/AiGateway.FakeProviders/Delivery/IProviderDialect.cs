namespace AiGateway.FakeProviders.Delivery;

/// <summary>How one provider words its errors, before a response starts and inside a stream.</summary>
internal interface IProviderDialect
{
    /// <summary>The HTTP error in the provider's format; <paramref name="errorType"/> overrides the status's usual type.</summary>
    ErrorReply Error(int status, string? errorType, string? message);

    /// <summary>The in-band error chunk sent after a stream has started (status already 200).</summary>
    byte[] StreamError(int? status, string? errorType, string? message);
}
