using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>The masker until guardrail masks exist: content is recorded as is, and only for teams that opted in.</summary>
internal sealed class UnmaskedRecordContent : IRecordContentMasker
{
    public string Mask(Exchange exchange, string text) => text;
}
