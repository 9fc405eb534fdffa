using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AiGateway.FakeProviders.Bedrock;

/// <summary>
/// Answers <c>POST /guardrail/{id}/version/{v}/apply</c> (shared/reference/provider-apis.md §5.1). The guardrail id
/// picks the behaviour: <c>intervened</c> blocks (a BLOCKED content filter), <c>anonymized</c> masks e-mail
/// addresses as <c>{EMAIL}</c> in each text block (NONE when there is none), <c>slow</c> answers after <see cref="SlowDelay"/>, <c>topic</c>
/// blocks only text that mentions <see cref="DeniedTopic"/> (so a stream can be stopped after clean windows); any other
/// id answers <c>NONE</c>.
/// </summary>
internal static partial class BedrockApplyGuardrailRenderer
{
    public const string Operation = "apply-guardrail";

    public const string DeniedTopic = "lockpick";

    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(5);

    public static string Response(string guardrailId, JsonObject request)
    {
        var texts = (request["content"] as JsonArray ?? [])
            .Select(block => block?["text"]?["text"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
        var usage = new JsonObject { ["topicPolicyUnits"] = 0, ["contentPolicyUnits"] = 1, ["wordPolicyUnits"] = 0, ["sensitiveInformationPolicyUnits"] = 1, ["sensitiveInformationPolicyFreeUnits"] = 0, ["contextualGroundingPolicyUnits"] = 0 };
        var intervene = guardrailId == "intervened"
            || (guardrailId == "topic" && texts.Any(t => t.Contains(DeniedTopic, StringComparison.OrdinalIgnoreCase)));
        JsonObject answer = guardrailId switch
        {
            _ when intervene => new JsonObject
            {
                ["action"] = "GUARDRAIL_INTERVENED",
                ["actionReason"] = "Guardrail blocked.",
                ["outputs"] = new JsonArray(new JsonObject { ["text"] = "Sorry, the model cannot answer this question." }),
                ["assessments"] = new JsonArray(new JsonObject
                {
                    ["contentPolicy"] = new JsonObject
                    {
                        ["filters"] = new JsonArray(new JsonObject { ["type"] = "MISCONDUCT", ["confidence"] = "HIGH", ["filterStrength"] = "HIGH", ["action"] = "BLOCKED", ["detected"] = true }),
                    },
                }),
            },
            // Like the real service: a guardrail that found nothing to mask answers NONE (a stream window without PII).
            "anonymized" when texts.Any(t => Email().IsMatch(t)) => new JsonObject
            {
                ["action"] = "GUARDRAIL_INTERVENED",
                ["actionReason"] = "Guardrail masked.",
                ["outputs"] = new JsonArray([.. texts.Select(t => (JsonNode)new JsonObject { ["text"] = Email().Replace(t, "{EMAIL}") })]),
                ["assessments"] = new JsonArray(new JsonObject
                {
                    ["sensitiveInformationPolicy"] = new JsonObject
                    {
                        ["piiEntities"] = new JsonArray([.. texts.SelectMany(t => Email().Matches(t)).Select(m => (JsonNode)new JsonObject { ["match"] = m.Value, ["type"] = "EMAIL", ["action"] = "ANONYMIZED", ["detected"] = true })]),
                    },
                }),
            },
            _ => new JsonObject { ["action"] = "NONE", ["outputs"] = new JsonArray(), ["assessments"] = new JsonArray(new JsonObject()) },
        };
        answer["usage"] = usage;
        return answer.ToJsonString();
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();
}
