using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Masks prompt and completion text before a usage record of a <c>capture_content</c> team holds it. The seam for the
/// guardrail masks: the guardrails feature registers its masker in place of <see cref="UnmaskedRecordContent"/>.
/// </summary>
internal interface IRecordContentMasker
{
    /// <param name="text">The client's request body, or the response as the client received it (JSON or SSE).</param>
    string Mask(Exchange exchange, string text);
}
