using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AiGateway.FakeProviders.Bedrock;

/// <summary>
/// Answers <c>POST /guardrail/{id}/version/{v}/apply</c> (shared/reference/provider-apis.md §5.1). The guardrail id
/// picks the behaviour: <c>intervened</c> blocks (a BLOCKED content filter), <c>anonymized</c> masks e-mail
/// addresses as <c>{EMAIL}</c> in each text block, <c>slow</c> answers after <see cref="SlowDelay"/>; any other id
/// answers <c>NONE</c>.
/// </summary>
internal static partial class BedrockApplyGuardrailRenderer
{
    public const string Operation = "apply-guardrail";

    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(5);

    public static string Response(string guardrailId, JsonObject request)
    {
        var texts = (request["content"] as JsonArray ?? [])
            .Select(block => block?["text"]?["text"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
        var usage = new JsonObject { ["topicPolicyUnits"] = 0, ["contentPolicyUnits"] = 1, ["wordPolicyUnits"] = 0, ["sensitiveInformationPolicyUnits"] = 1, ["sensitiveInformationPolicyFreeUnits"] = 0, ["contextualGroundingPolicyUnits"] = 0 };
        JsonObject answer = guardrailId switch
        {
            "intervened" => new JsonObject
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
            "anonymized" => new JsonObject
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
