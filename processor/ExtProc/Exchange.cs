using AiGateway.Processor.Configuration;
using AiGateway.Processor.Schemas.Anthropic;
using AiGateway.Processor.Schemas.OpenAi;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.ExtProc;

/// <summary>
/// The state of one ext_proc stream (one filter instance of one HTTP request, or of one attempt at the upstream
/// level). Created when the stream opens and dropped when it ends; stages keep per-request state here.
/// </summary>
internal sealed class Exchange
{
    public Exchange(GatewaySnapshot snapshot, TimeProvider time)
    {
        Snapshot = snapshot;
        StartedAt = time.GetTimestamp();
        StartedAtUtc = time.GetUtcNow();
        var sampling = snapshot.Config.Telemetry.StageDurationSampling;
        StagesTimed = sampling == 1 || (sampling > 1 && Random.Shared.Next(sampling) == 0);
    }

    /// <summary>This exchange's stages are timed (one exchange in <c>telemetry.stage_duration_sampling</c>, adr/021).</summary>
    public bool StagesTimed { get; }

    /// <summary>The configuration this exchange started with; it keeps using it even if a reload happens meanwhile.</summary>
    public GatewaySnapshot Snapshot { get; }

    /// <summary>Monotonic timestamp of the first message (TimeProvider.GetTimestamp).</summary>
    public long StartedAt { get; }

    /// <summary>Wall-clock start, for records and recording file names (streams sort by when they began).</summary>
    public DateTimeOffset StartedAtUtc { get; }

    /// <summary>Known after the first request-headers message.</summary>
    public FilterLevel Level { get; set; } = FilterLevel.Router;

    public ClientEndpoint Endpoint { get; set; } = ClientEndpoint.Unknown;

    /// <summary><c>:path</c> without the query string.</summary>
    public string Path { get; set; } = "";

    public string Method { get; set; } = "";

    /// <summary>The gateway's id for this client request, shared by the router-level stream and every upstream attempt.</summary>
    public string? RequestId { get; set; }

    /// <summary>Set once the response body is switched to STREAMED: headers are gone, errors must travel in the body.</summary>
    public bool ResponseStreamed { get; set; }

    /// <summary>True after an immediate response: Envoy ignores anything else on this stream (ext-proc-protocol.md §3.2).</summary>
    public bool IsComplete { get; set; }

    /// <summary>The public model the client asked for, once known.</summary>
    public string? Model { get; set; }

    /// <summary>Who is calling, once identified (router level).</summary>
    public Identity.Caller? Caller { get; set; }

    /// <summary>The budget reservation admitted for this request (router level), settled when the stream ends.</summary>
    public Budgets.BudgetHold? BudgetHold { get; set; }

    /// <summary>The request's worst case in tokens, counted once at admission (router level).</summary>
    public Budgets.AdmissionEstimate? AdmissionEstimate { get; set; }

    /// <summary>The tokens taken from tokens-per-minute buckets at admission (router level), settled when the stream ends.</summary>
    public Budgets.RateLimitHold? RateLimitHold { get; set; }

    /// <summary>Tokens used so far, as the provider reported them or, for a cut stream, estimated (filled by response translation).</summary>
    public Usage? Usage { get; set; }

    /// <summary>The usage is the gateway's estimate: the stream ended before the provider's final usage (adr/019).</summary>
    public bool UsageEstimated { get; set; }

    /// <summary>The client's <c>anthropic-beta</c> header values, if any.</summary>
    public IReadOnlyList<string> AnthropicBetas { get; set; } = [];

    /// <summary>Translates this request's response (router level), made from the last attempt's backend.</summary>
    public IResponseTranslator? ResponseTranslator { get; set; }

    /// <summary>
    /// A body buffer reused for every response message of this stream: a replacement body is copied into the answer
    /// before the next message is read, so one buffer per stream replaces one allocation per chunk.
    /// </summary>
    public System.Buffers.ArrayBufferWriter<byte> ResponseBuffer => _responseBuffer ??= new(1024);

    private System.Buffers.ArrayBufferWriter<byte>? _responseBuffer;

    /// <summary>The upstream status and error headers, kept from response headers for the body phase.</summary>
    public (int Status, string? AmznErrorType, string? RetryAfter) UpstreamStatus { get; set; }

    /// <summary>The settled cost in micro-USD, once the exchange ended.</summary>
    public long? CostMicroUsd { get; set; }

    /// <summary>The request's cost by token kind, computed once when its usage is final (<see cref="Budgets.ExchangeCost.Final"/>).</summary>
    public Budgets.ExchangeCost? Cost { get; set; }

    /// <summary>The saved client request (router level: the one this stream registered; upstream level: the one this attempt serves).</summary>
    public Routing.RoutedRequest? Routed { get; set; }

    /// <summary>Every guardrail rule that fired on this request (router level), without the matched text.</summary>
    public List<Guardrails.GuardrailDecision> GuardrailDecisions { get; } = [];

    /// <summary>Time the response guardrails held back the first streamed text (added time to first token), once known.</summary>
    public TimeSpan? GuardrailFirstTokenDelay { get; set; }

    /// <summary>The streamed-response window of the response guardrails, when any policy checks responses.</summary>
    public Guardrails.StreamGuard? StreamGuard { get; set; }

    /// <summary>The error the gateway answered with itself, if it ended the exchange.</summary>
    public GatewayError? Rejection { get; set; }

    /// <summary>How the request ended, for records and metrics.</summary>
    public string Outcome => Rejection?.Kind switch
    {
        GatewayErrorKind.BudgetExceeded => "budget_rejected",
        GatewayErrorKind.RateLimited => "rate_limited",
        GatewayErrorKind.ContentFiltered => "guardrail_blocked",
        GatewayErrorKind.Internal or GatewayErrorKind.UpstreamFailure or GatewayErrorKind.Overloaded or GatewayErrorKind.Timeout => "gateway_error",
        not null => "client_error",
        null => UpstreamStatus.Status switch
        {
            0 => "incomplete",
            >= 200 and < 300 when (ResponseTranslator?.StreamError ?? ResponseEnd.StreamError) is not null => "provider_error",

            // Without the last message the client went away mid-answer (or Envoy ended the stream).
            >= 200 and < 300 => ResponseComplete ? "ok" : "incomplete",
            429 => "rate_limited",
            >= 500 => "provider_error",
            _ => "client_error",
        },
    };

    /// <summary>The response translator's finish reason and in-stream provider error, kept when it is disposed at the end.</summary>
    public (FinishReason? FinishReason, GatewayError? StreamError) ResponseEnd { get; set; }

    /// <summary>The last response message (end_of_stream) arrived: the client got the whole answer.</summary>
    public bool ResponseComplete { get; set; }

    /// <summary>Monotonic timestamp of the first response body message (time to first token), or 0 before it.</summary>
    public long FirstResponseBodyAt { get; set; }

    /// <summary>This client request's span (router level), or null when nothing listens to traces.</summary>
    public System.Diagnostics.Activity? Activity { get; set; }

    /// <summary>The response as the client received it, kept only for teams with <c>capture_content</c> (records).</summary>
    public System.Buffers.ArrayBufferWriter<byte>? CapturedResponse { get; set; }

    /// <summary>The attempt this upstream-level stream serves (timing and status for records).</summary>
    public Routing.UpstreamAttempt? Attempt { get; set; }

    /// <summary>Errors are rendered in the client's own API format: Anthropic for the Messages endpoints, OpenAI otherwise.</summary>
    public IErrorWriter ErrorWriter => Endpoint is ClientEndpoint.AnthropicMessages or ClientEndpoint.AnthropicCountTokens
        ? AnthropicErrorWriter.Instance
        : OpenAiErrorWriter.Instance;
}
