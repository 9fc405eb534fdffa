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
/// </summary>
internal sealed class StreamGuard
{
    private readonly ApiSchema _client;
    private readonly IReadOnlyList<GuardrailPolicy> _policies;
    private readonly int _window;
    private readonly int _overlap;
    private readonly bool _checkToolArguments;
    private readonly TimeProvider _time;
    private readonly SseEventFramer _framer = new();
    private readonly List<HeldEvent> _held = [];
    private readonly StringBuilder _text = new();
    private readonly List<GuardrailMatch>[] _matches;
    private readonly List<(int Start, int End, string Placeholder)> _masks = [];
    private StreamTextKind _heldKind;
    private int _heldGroup;
    private long _firstTextAt;

    public StreamGuard(ApiSchema client, IReadOnlyList<GuardrailPolicy> policies, int window, int overlap, TimeProvider time)
    {
        _client = client;
        _policies = policies;
        _window = window;
        _overlap = overlap;
        _time = time;
        _matches = new List<GuardrailMatch>[policies.Count];
        for (var i = 0; i < policies.Count; i++)
        {
            _matches[i] = [];
            _checkToolArguments |= policies[i].ToolArguments;
        }
    }

    /// <summary>Set once a rule blocked: nothing more is released.</summary>
    public bool Blocked { get; private set; }

    /// <summary>The decision that blocked, once <see cref="Blocked"/>.</summary>
    public GuardrailDecision? BlockedBy { get; private set; }

    /// <summary>How long the first text was held before release (the added time to first token).</summary>
    public TimeSpan? FirstTokenDelay { get; private set; }

    /// <summary>Takes one chunk of the client-format stream and writes what may be released; returns the error if a rule blocked.</summary>
    public GatewayError? Process(Exchange exchange, ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output)
    {
        if (Blocked)
        {
            return null;
        }

        _framer.Append(chunk);
        while (_framer.TryTake(out var sseEvent))
        {
            if (OnEvent(exchange, sseEvent, output) is { } error)
            {
                return error;
            }
        }

        if (!endOfStream)
        {
            return null;
        }

        var rest = _framer.TakeRest();
        if (Check(exchange, final: true, output) is { } blocked)
        {
            return blocked;
        }

        output.Write(rest);
        return null;
    }

    private GatewayError? OnEvent(Exchange exchange, byte[] sseEvent, IBufferWriter<byte> output)
    {
        var kind = ClientStreamEvents.Classify(_client, sseEvent, out var text, out var group);
        if (kind == StreamTextKind.ToolArguments && !_checkToolArguments)
        {
            kind = StreamTextKind.Other;
        }

        if (kind == StreamTextKind.Other || (_held.Count > 0 && (kind != _heldKind || group != _heldGroup)))
        {
            // The held text is complete (its block or tool call ended): check all of it before anything after it.
            if (Check(exchange, final: true, output) is { } error)
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
        return _text.Length >= _window ? Check(exchange, final: false, output) : null;
    }

    /// <summary>Checks the held text and releases what is safe; <paramref name="final"/> releases all of it.</summary>
    private GatewayError? Check(Exchange exchange, bool final, IBufferWriter<byte> output)
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
                    Blocked = true;
                    BlockedBy = decision;
                    var error = GuardrailErrors.ResponseBlocked(policy.Name, rule.Name);
                    SchemaCodecs.WriteStreamError(_client, error, output);
                    return error;
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
        foreach (var held in _held)
        {
            if (held.Start + held.Length > release)
            {
                break;
            }

            var raw = held.Kind == StreamTextKind.Text ? Masked(text, held) : held.Event;
            output.Write(raw);
            if (held.Kind == StreamTextKind.Text && FirstTokenDelay is null && _firstTextAt != 0)
            {
                FirstTokenDelay = _time.GetElapsedTime(_firstTextAt);
                exchange.GuardrailFirstTokenDelay = FirstTokenDelay;
            }

            released++;
            releasedChars = held.Start + held.Length;
        }

        _held.RemoveRange(0, released);
        _text.Remove(0, releasedChars);
        for (var i = 0; i < _held.Count; i++)
        {
            _held[i] = _held[i] with { Start = _held[i].Start - releasedChars };
        }

        return null;
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
    private byte[] Masked(string text, HeldEvent held)
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
            return held.Event;
        }

        builder.Append(text, position, end - position);
        return ClientStreamEvents.WithText(_client, held.Event, builder.ToString());
    }

    private readonly record struct HeldEvent(byte[] Event, StreamTextKind Kind, int Start, int Length);
}
