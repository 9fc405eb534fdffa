using System.Buffers;

namespace AiGateway.Processor.Translation;

/// <summary>Renders a <see cref="GatewayError"/> as a complete response body in one client API's error format.</summary>
internal interface IErrorWriter
{
    /// <summary>Writes the JSON error body. Always valid JSON, whatever the message contains.</summary>
    void Write(GatewayError error, IBufferWriter<byte> output);
}
