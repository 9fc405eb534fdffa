namespace AiGateway.Processor.Guardrails;

/// <summary>Which way the checked text travels: the client's prompt, or the model's answer.</summary>
internal enum GuardrailDirection
{
    Request,
    Response,
}
