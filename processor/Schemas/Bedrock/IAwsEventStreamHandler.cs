namespace AiGateway.Processor.Schemas.Bedrock;

internal interface IAwsEventStreamHandler
{
    void OnMessage(in AwsEventStreamMessage message);
}
