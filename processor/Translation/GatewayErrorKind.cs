namespace AiGateway.Processor.Translation;

/// <summary>What went wrong, independent of any API schema. Each client schema maps a kind to its own error type.</summary>
internal enum GatewayErrorKind
{
    InvalidRequest,
    Authentication,
    PermissionDenied,
    NotFound,
    RequestTooLarge,
    RateLimited,
    BudgetExceeded,
    ContentFiltered,
    Overloaded,
    UpstreamFailure,
    Timeout,
    Internal,
}
