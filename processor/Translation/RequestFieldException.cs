namespace AiGateway.Processor.Translation;

/// <summary>
/// Thrown inside request readers and writers when a field is invalid, and caught at their public entry point, which
/// returns a 400 <see cref="GatewayError"/> naming the field. Never escapes the translation API.
/// </summary>
internal sealed class RequestFieldException : Exception
{
    public RequestFieldException(string param, string message)
        : base(message)
    {
        Param = param;
    }

    public RequestFieldException()
    {
        Param = string.Empty;
    }

    public RequestFieldException(string message)
        : base(message)
    {
        Param = string.Empty;
    }

    public RequestFieldException(string message, Exception innerException)
        : base(message, innerException)
    {
        Param = string.Empty;
    }

    public string Param { get; }

    public GatewayError ToError() => GatewayError.InvalidRequest(Message, Param);
}
