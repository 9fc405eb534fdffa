using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>Exception and error frames of a Bedrock stream (§3.5, §4.2) → <see cref="GatewayError"/> for the client.</summary>
internal static class BedrockExceptions
{
    public static GatewayError? FromFrame(in AwsEventStreamMessage message, ApiSchema client)
    {
        if (message.MessageType == "exception")
        {
            ProviderErrorMapper.ReadBody(message.Payload, out _, out var text);
            return ProviderErrorMapper.FromStream(client, message.ExceptionType, text);
        }

        if (message.MessageType == "error")
        {
            return ProviderErrorMapper.FromStream(client, message.ErrorCode, message.ErrorMessage ?? Encoding.UTF8.GetString(message.Payload));
        }

        return null;
    }
}
