using System.Buffers;
using System.Text;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// The response window of one streamed answer (ADR 010). Text deltas of the client-format stream are held until
/// <c>window</c> characters have arrived, checked, and released except the last <c>overlap</c> characters, so a match
/// split across chunks is seen whole on the next check; a match crossing the release point holds the release back to
/// its start. Events without checked text are released in order once the text before them is checked. Masked text is
/// released masked; a block ends the stream with an in-format error event after the text already released.
/// Policies with a Bedrock guardrail for responses also send each released text (built-in masks applied) to
/// ApplyGuardrail before it is released, in a window of at least <c>bedrockWindow</c> characters so a stream costs a
/// few calls rather than one per chunk: intervened blocks like a built-in rule, anonymised releases the returned text.
/// </summary>
internal sealed class StreamGuard
{
    private readonly ApiSchema _client;
    private readonly IReadOnlyList<GuardrailPolicy> _policies;
    private readonly int _window;
    private readonly int _overlap;
    private readonly bool _checkToolArguments;
    private readonly TimeProvider _time;
    private readonly BedrockWindowCheck? _bedrock;
    private readonly List<GuardrailPolicy> _bedrockPolicies = [];
    private readonly SseEventFramer _framer = new();
    private readonly List<HeldEvent> _held = [];
    private readonly StringBuilder _text = new();
    private readonly List<GuardrailMatch>[] _matches;
    private readonly List<(int Start, int End, string Placeholder)> _masks = [];
    private StreamTextKind _heldKind;
    private int _heldGroup;
    private long _firstTextAt;

    public StreamGuard(ApiSchema client, IReadOnlyList<GuardrailPolicy> policies, int window, int overlap, TimeProvider time)
        : this(client, policies, window, overlap, time, bedrock: null, bedrockWindow: 0)
    {
    }

    /// <param name="bedrock">Checks a released window with a policy's Bedrock guardrail; null: only built-in rules run.</param>
    /// <param name="bedrockWindow">The window used instead of <paramref name="window"/> when it is larger and a Bedrock guardrail applies.</param>
    public StreamGuard(ApiSchema client, IReadOnlyList<GuardrailPolicy> policies, int window, int overlap, TimeProvider time, BedrockWindowCheck? bedrock, int bedrockWindow)
    {
        _client = client;
        _policies = policies;
        _overlap = overlap;
        _time = time;
        _matches = new List<GuardrailMatch>[policies.Count];
        for (var i = 0; i < policies.Count; i++)
        {
            _matches[i] = [];
            _checkToolArguments |= policies[i].ToolArguments;
            if (bedrock is not null && policies[i].Bedrock is { } guardrail && guardrail.Directions.Contains(GuardrailDirection.Response))
            {
                _bedrockPolicies.Add(policies[i]);
            }
        }

        _bedrock = _bedrockPolicies.Count > 0 ? bedrock : null;
        _window = _bedrock is null ? window : Math.Max(window, bedrockWindow);
    }

    /// <summary>Set once a rule blocked: nothing more is released.</summary>
    public bool Blocked { get; private set; }

    /// <summary>The decision that blocked, once <see cref="Blocked"/>.</summary>
    public GuardrailDecision? BlockedBy { get; private set; }

    /// <summary>How long the first text was held before release (the added time to first token).</summary>
    public TimeSpan? FirstTokenDelay { get; private set; }

    /// <summary>
    /// Takes one chunk of the client-format stream and writes what may be released; returns the error if a rule blocked.
    /// Completes synchronously unless a Bedrock guardrail is asked (then the chunk waits for its answer; no thread does).
    /// </summary>
    public ValueTask<GatewayError?> ProcessAsync(Exchange exchange, ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        if (Blocked)
        {
            return ValueTask.FromResult<GatewayError?>(null);
        }

        _framer.Append(chunk);
        return DrainAsync(exchange, endOfStream, output, cancellationToken);
    }

    /// <summary>The synchronous form for guards without a Bedrock guardrail (benchmarks, built-in rules only).</summary>
    public GatewayError? Process(Exchange exchange, ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output)
    {
        if (_bedrock is not null)
        {
            throw new InvalidOperationException("A guard with a Bedrock guardrail is driven with ProcessAsync.");
        }

        var pending = ProcessAsync(exchange, chunk, endOfStream, output, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("A built-in check did not complete synchronously.");
    }

    private async ValueTask<GatewayError?> DrainAsync(Exchange exchange, bool endOfStream, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        while (_framer.TryTake(out var sseEvent))
        {
            if (await OnEventAsync(exchange, sseEvent, output, cancellationToken).ConfigureAwait(false) is { } error)
            {
                return error;
            }
        }

        if (!endOfStream)
        {
            return null;
        }

        var rest = _framer.TakeRest();
        if (await CheckAsync(exchange, final: true, output, cancellationToken).ConfigureAwait(false) is { } blocked)
        {
            return blocked;
        }

        output.Write(rest);
        return null;
    }

    private async ValueTask<GatewayError?> OnEventAsync(Exchange exchange, byte[] sseEvent, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        var kind = ClientStreamEvents.Classify(_client, sseEvent, out var text, out var group);
        if (kind == StreamTextKind.ToolArguments && !_checkToolArguments)
        {
            kind = StreamTextKind.Other;
        }

        if (kind == StreamTextKind.Other || (_held.Count > 0 && (kind != _heldKind || group != _heldGroup)))
        {
            // The held text is complete (its block or tool call ended): check all of it before anything after it.
            if (await CheckAsync(exchange, final: true, output, cancellationToken).ConfigureAwait(false) is { } error)
            {
                return error;
            }
        }

        if (kind == StreamTextKind.Other)
        {
            output.Write(sseEvent);
            return null;
        }

        if (_firstTextAt == 0 && kind == StreamTextKind.Text)
        {
            _firstTextAt = _time.GetTimestamp();
        }

        _heldKind = kind;
        _heldGroup = group;
        _held.Add(new HeldEvent(sseEvent, kind, _text.Length, text.Length));
        _text.Append(text);
        return _text.Length >= _window ? await CheckAsync(exchange, final: false, output, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Checks the held text and releases what is safe; <paramref name="final"/> releases all of it.</summary>
    private async ValueTask<GatewayError?> CheckAsync(Exchange exchange, bool final, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        if (_held.Count == 0)
        {
            return null;
        }

        var text = _text.ToString();
        for (var i = 0; i < _policies.Count; i++)
        {
            _matches[i].Clear();
            _policies[i].Scanner.Scan(text, GuardrailDirection.Response, _matches[i]);
        }

        var release = final ? text.Length : ReleasePoint(text.Length - _overlap);
        _masks.Clear();
        for (var i = 0; i < _policies.Count; i++)
        {
            var policy = _policies[i];
            foreach (var match in _matches[i])
            {
                if (match.End > release)
                {
                    // Not stable yet: more text may change it. It is checked again with the next window.
                    continue;
                }

                var rule = policy.Scanner.Rules[match.Rule];
                var decision = new GuardrailDecision(policy.Name, rule.Name, rule.Action, GuardrailDirection.Response);
                GuardrailDecisions.Record(exchange, decision);
                if (rule.Action == GuardrailAction.Block)
                {
                    return Block(decision, output);
                }

                if (rule.Action == GuardrailAction.Mask)
                {
                    _masks.Add((match.Start, match.End, rule.Placeholder));
                }
            }
        }

        _masks.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var released = 0;
        var releasedChars = 0;
        while (released < _held.Count && _held[released].Start + _held[released].Length <= release)
        {
            releasedChars = _held[released].Start + _held[released].Length;
            released++;
        }

        string? replaced = null;
        if (_bedrock is not null && released > 0 && _heldKind == StreamTextKind.Text)
        {
            var checkedText = ReleasedText(text, released);
            var (blocked, answer) = await CheckBedrockAsync(checkedText, cancellationToken).ConfigureAwait(false);
            if (blocked is not null)
            {
                return Block(blocked, output);
            }

            replaced = answer == checkedText ? null : answer;
        }

        for (var i = 0; i < released; i++)
        {
            var held = _held[i];
            if (replaced is not null)
            {
                // Anonymised: the guardrail's text has its own length, so it cannot be cut back along the deltas; it
                // goes out whole in the first released delta and the other deltas of the window are dropped.
                if (i == 0)
                {
                    output.Write(ClientStreamEvents.WithText(_client, held.Event, replaced));
                }
            }
            else
            {
                output.Write(held.Kind == StreamTextKind.Text ? Masked(text, held) : held.Event);
            }

            if (held.Kind == StreamTextKind.Text && FirstTokenDelay is null && _firstTextAt != 0)
            {
                FirstTokenDelay = _time.GetElapsedTime(_firstTextAt);
                exchange.GuardrailFirstTokenDelay = FirstTokenDelay;
            }
        }

        _held.RemoveRange(0, released);
        _text.Remove(0, releasedChars);
        for (var i = 0; i < _held.Count; i++)
        {
            _held[i] = _held[i] with { Start = _held[i].Start - releasedChars };
        }

        return null;
    }

    /// <summary>Asks each Bedrock policy about the text in turn (an anonymised answer is what the next one sees).</summary>
    /// <returns>The decision that blocks (intervened, or failed closed), or null and the text to release.</returns>
    private async Task<(GuardrailDecision? Blocked, string Text)> CheckBedrockAsync(string text, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return (null, text);
        }

        foreach (var policy in _bedrockPolicies)
        {
            var verdict = await _bedrock!(policy, text, cancellationToken).ConfigureAwait(false);
            if (verdict is null || verdict.Outcome == BedrockGuardrailOutcome.Blocked
                || (verdict.Outcome == BedrockGuardrailOutcome.Anonymized && verdict.Outputs.Count != 1))
            {
                // As for a non-streaming answer: failing closed, or outputs that do not line up, refuse the text.
                var rule = verdict is null ? BedrockGuardrailGate.UnavailableRule : BedrockGuardrailGate.BedrockRule;
                return (new GuardrailDecision(policy.Name, rule, GuardrailAction.Block, GuardrailDirection.Response), text);
            }

            if (verdict.Outcome == BedrockGuardrailOutcome.Anonymized)
            {
                text = verdict.Outputs[0];
            }
        }

        return (null, text);
    }

    /// <summary>The text of the first <paramref name="count"/> held events as they would be released (built-in masks applied).</summary>
    private string ReleasedText(string text, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var held = _held[i];
            builder.Append(MaskedText(text, held) ?? text.Substring(held.Start, held.Length));
        }

        return builder.ToString();
    }

    private GatewayError Block(GuardrailDecision decision, IBufferWriter<byte> output)
    {
        Blocked = true;
        BlockedBy = decision;
        var error = GuardrailErrors.ResponseBlocked(decision.Policy, decision.Rule);
        SchemaCodecs.WriteStreamError(_client, error, output);
        return error;
    }

    /// <summary>Moves the release point back to the start of any match that crosses it, until none does.</summary>
    private int ReleasePoint(int point)
    {
        var moved = true;
        while (moved)
        {
            moved = false;
            foreach (var matches in _matches)
            {
                foreach (var match in matches)
                {
                    if (match.Start < point && match.End > point)
                    {
                        point = match.Start;
                        moved = true;
                    }
                }
            }
        }

        return Math.Max(point, 0);
    }

    /// <summary>The event with its text masked; a match spanning events gets its placeholder in the event where it starts.</summary>
    private byte[] Masked(string text, HeldEvent held) =>
        MaskedText(text, held) is { } masked ? ClientStreamEvents.WithText(_client, held.Event, masked) : held.Event;

    /// <summary>The event's text with the masks applied, or null when no mask touches it.</summary>
    private string? MaskedText(string text, HeldEvent held)
    {
        var start = held.Start;
        var end = held.Start + held.Length;
        StringBuilder? builder = null;
        var position = start;
        foreach (var (maskStart, maskEnd, placeholder) in _masks)
        {
            if (maskEnd <= position || maskStart >= end)
            {
                continue;
            }

            builder ??= new StringBuilder(held.Length);
            if (maskStart > position)
            {
                builder.Append(text, position, maskStart - position);
            }

            if (maskStart >= start && maskStart >= position)
            {
                builder.Append(placeholder);
            }

            position = Math.Min(maskEnd, end);
        }

        if (builder is null)
        {
            return null;
        }

        builder.Append(text, position, end - position);
        return builder.ToString();
    }

    private readonly record struct HeldEvent(byte[] Event, StreamTextKind Kind, int Start, int Length);
}
