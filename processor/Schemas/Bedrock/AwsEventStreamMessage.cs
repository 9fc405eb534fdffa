namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// One decoded event-stream message (§4.2): the string headers Bedrock uses and the payload. Only valid during the
/// handler call; copy what you keep.
/// </summary>
internal readonly ref struct AwsEventStreamMessage
{
    public AwsEventStreamMessage(string messageType, string? eventType, string? exceptionType, string? errorCode, string? errorMessage, ReadOnlySpan<byte> payload)
    {
        MessageType = messageType;
        EventType = eventType;
        ExceptionType = exceptionType;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Payload = payload;
    }

    /// <summary><c>event</c>, <c>exception</c> or <c>error</c>; <c>event</c> when the header is missing (as botocore does).</summary>
    public string MessageType { get; }

    public string? EventType { get; }

    public string? ExceptionType { get; }

    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    public ReadOnlySpan<byte> Payload { get; }
}
