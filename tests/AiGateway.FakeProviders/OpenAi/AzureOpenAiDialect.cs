using System.Globalization;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Delivery;

namespace AiGateway.FakeProviders.OpenAi;

/// <summary>
/// Azure OpenAI answers like OpenAI once a deployment runs, but its gateway rejects a bad
/// <c>api-key</c> with its own shape <c>{"error":{"code":"401","message"}}</c>.
/// </summary>
internal sealed class AzureOpenAiDialect : IProviderDialect
{
    public static readonly AzureOpenAiDialect Instance = new();

    public ErrorReply Error(int status, string? errorType, string? message)
    {
        if (status != 401)
        {
            return OpenAiDialect.Instance.Error(status, errorType, message);
        }

        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status.ToString(CultureInfo.InvariantCulture),
                ["message"] = message ?? "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
            },
        };
        return new(status, body.ToJsonString(), []);
    }

    public byte[] StreamError(int? status, string? errorType, string? message) => OpenAiDialect.Instance.StreamError(status, errorType, message);
}
