namespace AiGateway.FakeProviders.Delivery;

/// <summary>A provider error response ready to send: status, JSON body and provider-specific headers.</summary>
internal sealed record ErrorReply(int Status, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers);
