using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// The text a request guardrail sees, from the parsed request: system blocks, text parts of every message (user,
/// assistant, tool) and the text inside tool results. Never tool-call arguments, images, documents or thinking
/// (thinking is signed, and changing it would break the signature).
/// </summary>
internal static class RequestTexts
{
    public static IEnumerable<string> Of(ChatRequest request)
    {
        foreach (var part in request.System)
        {
            yield return part.Text;
        }

        foreach (var message in request.Messages)
        {
            foreach (var part in message.Parts)
            {
                if (part is TextPart text)
                {
                    yield return text.Text;
                }
                else if (part is ToolResultPart result)
                {
                    foreach (var inner in result.Content)
                    {
                        if (inner is TextPart resultText)
                        {
                            yield return resultText.Text;
                        }
                    }
                }
            }
        }
    }
}
