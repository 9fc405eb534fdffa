using AiGateway.Processor.Configuration;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// A conservative count of a parsed request's input tokens, part by part (adr/017-admission-token-estimate.md): the
/// text of every system block, message part, tool result, tool call (name and arguments) and tool definition is
/// counted with o200k through a cache keyed by the part's hash, so a conversation resent every turn only tokenizes
/// its new parts. The bound, as docs/budgets.md states it:
/// <c>⌈factor × (Σ o200k(part text) + ids + overheads)⌉ + images × 2,500 + base64 characters</c>,
/// where factor is 1 when every backend of the model is OpenAI (o200k is its tokenizer) and 1.5 otherwise.
/// </summary>
internal sealed class ChatTokenEstimator
{
    /// <summary>Reply priming and separators once per request (OpenAI documents 3).</summary>
    public const int RequestOverhead = 16;

    /// <summary>Role and delimiters per message or system block (OpenAI documents 3 to 4 per message).</summary>
    public const int MessageOverhead = 8;

    /// <summary>Framing per tool definition (type, name and parameters keys as the provider renders them).</summary>
    public const int ToolOverhead = 16;

    /// <summary>The tool-use system prompt a provider adds once when tools are given (Anthropic documents 313 to 346 tokens).</summary>
    public const int ToolUsePrompt = 400;

    /// <summary>
    /// Any one image, whatever its size: above the largest provider rule (Anthropic ≈ 1,600 for an image at its size
    /// limit; OpenAI high detail ≤ 1,445 by tiles, ≤ 2,489 by patches for its patch-based models).
    /// </summary>
    public const int ImageTokens = 2_500;

    /// <summary>A document given by URL (its size is unknown here): settlement charges what the provider counted.</summary>
    public const int DocumentUrlTokens = 10_000;

    /// <summary>
    /// Characters of base64 data (PDF documents, encrypted reasoning) per token: every o200k token covers at least one
    /// byte and base64 is ASCII, so one token per character can never undercount (halving it did, tested).
    /// </summary>
    public const int Base64CharsPerToken = 1;

    /// <summary>Other tokenizers (Claude's, Titan's, Llama's) count up to ≈ 1.35× o200k on the same text; 1.5 leaves a margin.</summary>
    public const double OtherTokenizerFactor = 1.5;

    private readonly ITextTokenCounter _cache;

    public ChatTokenEstimator(GatewayConfigStore config)
        : this(new TokenCountCache(config.Current.Config.Budgets.TokenCacheEntries))
    {
    }

    public ChatTokenEstimator(ITextTokenCounter cache)
    {
        _cache = cache;
    }

    /// <summary>The conservative input tokens of <paramref name="chat"/> for backends whose tokenizer is o200k when <paramref name="factor"/> is 1.</summary>
    public int Estimate(ChatRequest chat, double factor)
    {
        long text = RequestOverhead;
        long fixedTokens = 0;
        // Indexed loops: foreach over IReadOnlyList boxes an enumerator per list, which was most of a cache hit's cost.
        var system = chat.System;
        for (var i = 0; i < system.Count; i++)
        {
            text += MessageOverhead + _cache.Count(system[i]);
        }

        var messages = chat.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            text += MessageOverhead;
            var parts = messages[i].Parts;
            for (var j = 0; j < parts.Count; j++)
            {
                Add(parts[j], ref text, ref fixedTokens);
            }
        }

        if (chat.Tools.Count > 0)
        {
            text += ToolUsePrompt;
        }

        var tools = chat.Tools;
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            text += ToolOverhead + _cache.Count(tool.Name) + _cache.Count(tool.Description) + _cache.Count(tool.Schema) + _cache.Count(tool.RawJson);
        }

        if (chat.ResponseFormat is { } format)
        {
            text += MessageOverhead + _cache.Count(format.Name) + _cache.Count(format.Description) + _cache.Count(format.Schema);
        }

        var total = (long)Math.Ceiling(text * factor) + fixedTokens;
        return (int)Math.Min(int.MaxValue, total);
    }

    /// <summary>1 when every backend of the model is OpenAI's (o200k is its tokenizer), else <see cref="OtherTokenizerFactor"/>.</summary>
    public static double Factor(GatewayConfig config, ModelConfig model)
    {
        foreach (var backend in model.Backends)
        {
            if (!config.Backends.TryGetValue(backend, out var backendConfig)
                || !config.Providers.TryGetValue(backendConfig.Provider, out var provider)
                || provider.Kind is not (ProviderKind.OpenAi or ProviderKind.AzureOpenAi))
            {
                return OtherTokenizerFactor;
            }
        }

        return 1;
    }

    private void Add(ContentPart part, ref long text, ref long fixedTokens)
    {
        switch (part)
        {
            case TextPart t:
                text += _cache.Count(t);
                break;
            case ThinkingPart thinking:
                // Earlier turns' reasoning may be dropped by the provider; counting it keeps the bound conservative.
                text += _cache.Count(thinking.Text);
                break;
            case ToolCallPart call:
                // Ids are unique per call (not worth a cache slot): an ASCII id has at most one token per character.
                text += call.IdLength + _cache.Count(call.Name) + _cache.Count(call.Arguments);
                break;
            case ToolResultPart result:
                text += MessageOverhead + result.ToolCallIdLength;
                for (var i = 0; i < result.Content.Count; i++)
                {
                    Add(result.Content[i], ref text, ref fixedTokens);
                }

                break;
            case ImagePart:
                fixedTokens += ImageTokens;
                break;
            case DocumentPart document:
                text += _cache.Count(document.Text) + _cache.Count(document.Name);
                fixedTokens += document.Data is { } data ? data.Length / Base64CharsPerToken : document.Url is null ? 0 : DocumentUrlTokens;
                break;
            case RedactedThinkingPart redacted:
                fixedTokens += redacted.Data.Length / Base64CharsPerToken;
                break;
            case OpaquePart opaque:
                text += _cache.Count(opaque.Json);
                break;
        }
    }
}
