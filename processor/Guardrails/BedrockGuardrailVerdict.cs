namespace AiGateway.Processor.Guardrails;

/// <summary>An interpreted ApplyGuardrail answer: the outcome, the masked texts (one per input text) and the reason.</summary>
internal sealed record BedrockGuardrailVerdict(BedrockGuardrailOutcome Outcome, IReadOnlyList<string> Outputs, string? Reason)
{
    /// <summary>
    /// The rule agentgateway follows (provider-apis.md §5.1): NONE passes; intervened with any nested BLOCKED blocks;
    /// intervened with only ANONYMIZED masks; intervened with no action anywhere blocks.
    /// </summary>
    public static BedrockGuardrailVerdict From(ApplyGuardrailResponse response)
    {
        var outputs = response.Outputs?.Select(o => o.Text).ToList() ?? [];
        if (!string.Equals(response.Action, "GUARDRAIL_INTERVENED", StringComparison.Ordinal))
        {
            return new(BedrockGuardrailOutcome.None, outputs, response.ActionReason);
        }

        bool blocked = false, anonymized = false;
        foreach (var assessment in response.Assessments ?? [])
        {
            Scan(assessment, ref blocked, ref anonymized);
        }

        var outcome = blocked || !anonymized ? BedrockGuardrailOutcome.Blocked : BedrockGuardrailOutcome.Anonymized;
        return new(outcome, outputs, response.ActionReason);
    }

    private static void Scan(System.Text.Json.JsonElement element, ref bool blocked, ref bool anonymized)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("action"u8) && property.Value.ValueKind == System.Text.Json.JsonValueKind.String)
                    {
                        blocked |= property.Value.ValueEquals("BLOCKED"u8);
                        anonymized |= property.Value.ValueEquals("ANONYMIZED"u8);
                    }
                    else
                    {
                        Scan(property.Value, ref blocked, ref anonymized);
                    }
                }

                break;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Scan(item, ref blocked, ref anonymized);
                }

                break;
        }
    }
}
