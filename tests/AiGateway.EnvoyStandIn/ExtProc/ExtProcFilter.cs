using System.Globalization;
using System.Threading.Channels;
using AiGateway.EnvoyStandIn.Configuration;
using AiGateway.EnvoyStandIn.Http;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;
using ExternalProcessorService = Envoy.Service.ExtProc.V3.ExternalProcessor;
using ResponseCase = Envoy.Service.ExtProc.V3.ProcessingResponse.ResponseOneofCase;
using RouteCacheAction = Envoy.Extensions.Filters.Http.ExtProc.V3.ExternalProcessor.Types.RouteCacheAction;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>
/// One instance of the ext_proc HTTP filter: one per request at the router level, one per attempt upstream. Emulates
/// Envoy 1.38 as ext-proc-protocol.md describes it (section numbers below refer to that file).
/// </summary>
internal sealed class ExtProcFilter : IAsyncDisposable
{
    private const string AttributesKey = "envoy.filters.http.ext_proc";

    private readonly ExtProcFilterConfig _config;
    private readonly ExtProcFilterContext _context;
    private readonly ExtProcStream _stream;
    private readonly MutationRuleChecker _rules;
    private readonly bool[] _stripContentLength = new bool[2];
    private readonly bool[] _dropContentLengthSets = new bool[2];
    private readonly bool[] _headersHeld = new bool[2];
    private readonly bool[] _attributesSent = new bool[2];
    private readonly bool[] _directionComplete = new bool[2];
    private ProcessingMode _mode;
    private TimeSpan _timeout;
    private bool _done;

    public ExtProcFilter(ExtProcFilterConfig config, ExternalProcessorService.ExternalProcessorClient client, ExtProcFilterContext context)
    {
        _config = config;
        _context = context;
        _rules = new MutationRuleChecker(config.Proto.MutationRules);
        _mode = config.Proto.ProcessingMode?.Clone() ?? new ProcessingMode();
        _timeout = config.MessageTimeout;
        var headers = new Grpc.Core.Metadata();
        foreach (var header in config.Proto.GrpcService.InitialMetadata)
        {
            headers.Add(header.Key, header.Value);
        }

        _stream = new ExtProcStream(client, headers, config.Proto.GrpcService.Timeout?.ToTimeSpan(), context.Time);
    }

    public BodySendMode BodyMode(Direction direction) => _done ? BodySendMode.None
        : direction == Direction.Request ? _mode.RequestBodyMode : _mode.ResponseBodyMode;

    /// <summary>Request or response headers (§3.1 step 1, §3.4). Also does the content-length stripping of §3.6.</summary>
    public async Task<FilterStep> OnHeadersAsync(Direction direction, HeaderList headers, bool endOfStream)
    {
        var d = (int)direction;
        // Decided with the mode in force when the headers arrive; a later mode_override does not undo it (§3.6).
        _stripContentLength[d] = IsStripMode(direction);
        _dropContentLengthSets[d] = _stripContentLength[d];
        var headerMode = direction == Direction.Request ? _mode.RequestHeaderMode : _mode.ResponseHeaderMode;
        if (_done || headerMode == HeaderSendMode.Skip)
        {
            StripIfNeeded(direction, headers);
            _directionComplete[d] = endOfStream || BodyMode(direction) == BodySendMode.None;
            return FilterStep.Continue;
        }

        _headersHeld[d] = true;
        var message = new HttpHeaders { Headers = headers.ToHeaderMap(), EndOfStream = endOfStream };
        var request = direction == Direction.Request ? new ProcessingRequest { RequestHeaders = message } : new ProcessingRequest { ResponseHeaders = message };
        var answer = await CallAsync(request, direction, direction == Direction.Request ? ResponseCase.RequestHeaders : ResponseCase.ResponseHeaders).ConfigureAwait(false);
        if (answer.Reply is not null)
        {
            return FilterStep.Stop(answer.Reply);
        }

        if (answer.Response is not { } response)
        {
            StripIfNeeded(direction, headers);
            return FilterStep.Continue;
        }

        ApplyModeOverride(response.ModeOverride);
        _dropContentLengthSets[d] = _stripContentLength[d] || IsStripMode(direction);
        var common = direction == Direction.Request ? response.RequestHeaders.Response : response.ResponseHeaders.Response;
        var replace = common?.Status == CommonResponse.Types.ResponseStatus.ContinueAndReplace;
        if (HeaderMutationApplier.Apply(headers, common?.HeaderMutation, _rules, _dropContentLengthSets[d], replace) is { } error)
        {
            return await FailAsync(500, error).ConfigureAwait(false);
        }

        MaybeClearRouteCache(direction, common);
        if (replace && common!.BodyMutation is { } mutation)
        {
            // CONTINUE_AND_REPLACE with a body: content-length removed, later body discarded, no more body messages (§3.4, §3.6).
            headers.Remove("content-length");
            SetBodyMode(direction, BodySendMode.None);
            _directionComplete[d] = true;
            await MaybeCloseEarlyAsync().ConfigureAwait(false);
            return FilterStep.Replace(mutation.MutationCase == BodyMutation.MutationOneofCase.Body ? mutation.Body.ToByteArray() : []);
        }

        StripIfNeeded(direction, headers);
        _directionComplete[d] = endOfStream || BodyMode(direction) == BodySendMode.None;
        await MaybeCloseEarlyAsync().ConfigureAwait(false);
        return FilterStep.Continue;
    }

    /// <summary>A BUFFERED body: one message with the whole body and end_of_stream (§3.3, §3.4).</summary>
    public async Task<FilterStep> OnBufferedBodyAsync(Direction direction, HeaderList headers, byte[] body)
    {
        var d = (int)direction;
        if (BodyMode(direction) != BodySendMode.Buffered)
        {
            return FilterStep.Continue;
        }

        var message = new HttpBody { Body = ByteString.CopyFrom(body), EndOfStream = true };
        var request = direction == Direction.Request ? new ProcessingRequest { RequestBody = message } : new ProcessingRequest { ResponseBody = message };
        var answer = await CallAsync(request, direction, direction == Direction.Request ? ResponseCase.RequestBody : ResponseCase.ResponseBody).ConfigureAwait(false);
        _directionComplete[d] = true;
        if (answer.Reply is not null)
        {
            return FilterStep.Stop(answer.Reply);
        }

        if (answer.Response is not { } response)
        {
            return FilterStep.Continue;
        }

        var common = direction == Direction.Request ? response.RequestBody.Response : response.ResponseBody.Response;
        var replace = common?.Status == CommonResponse.Types.ResponseStatus.ContinueAndReplace;
        // Header mutations count only while the headers are held, i.e. header mode SEND (§0.8, §3.3).
        if (_headersHeld[d] && HeaderMutationApplier.Apply(headers, common?.HeaderMutation, _rules, _dropContentLengthSets[d], replace) is { } error)
        {
            return await FailAsync(500, error).ConfigureAwait(false);
        }

        byte[]? newBody = common?.BodyMutation?.MutationCase switch
        {
            BodyMutation.MutationOneofCase.Body => common.BodyMutation.Body.ToByteArray(),
            BodyMutation.MutationOneofCase.ClearBodyFlag when common.BodyMutation.ClearBodyFlag => [],
            _ => null,
        };

        // BUFFERED + headers SEND keeps content-length; a mutated body must agree with it (§3.6).
        if (newBody is not null && !_stripContentLength[d] && headers.Get("content-length") is { } length
            && length != newBody.Length.ToString(CultureInfo.InvariantCulture))
        {
            return await FailAsync(500, "mismatch_between_content_length_and_the_length_of_the_mutated_body").ConfigureAwait(false);
        }

        MaybeClearRouteCache(direction, common);
        await MaybeCloseEarlyAsync().ConfigureAwait(false);
        return newBody is null ? FilterStep.Continue : FilterStep.Replace(newBody);
    }

    /// <summary>
    /// A STREAMED body: chunks are sent as they arrive without waiting for answers (pipelining), answers are matched FIFO,
    /// each chunk is released after its own answer; header mutations in these answers are ignored (§3.1, §3.3, §3.4).
    /// </summary>
    public async Task<FilterStep> OnStreamedBodyAsync(Direction direction, Func<CancellationToken, ValueTask<BodyChunk>> read, Func<byte[], ValueTask> write)
    {
        var d = (int)direction;
        var expected = direction == Direction.Request ? ResponseCase.RequestBody : ResponseCase.ResponseBody;
        var sent = Channel.CreateUnbounded<BodyChunk>();
        using var stop = new CancellationTokenSource();
        var pump = PumpAsync(direction, read, sent.Writer, stop.Token);
        try
        {
            await foreach (var chunk in sent.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                var data = chunk.Data;
                if (!_done)
                {
                    var answer = await ReceiveAsync(expected).ConfigureAwait(false);
                    if (answer.Reply is not null)
                    {
                        return FilterStep.Stop(answer.Reply);
                    }

                    var mutation = answer.Response is { } response
                        ? (direction == Direction.Request ? response.RequestBody : response.ResponseBody).Response?.BodyMutation
                        : null;
                    data = mutation?.MutationCase switch
                    {
                        BodyMutation.MutationOneofCase.Body => mutation.Body.ToByteArray(),
                        BodyMutation.MutationOneofCase.ClearBodyFlag when mutation.ClearBodyFlag => [],
                        _ => data,
                    };
                }

                if (data.Length > 0)
                {
                    await write(data).ConfigureAwait(false);
                }
            }

            await pump.ConfigureAwait(false);
            _directionComplete[d] = true;
            await MaybeCloseEarlyAsync().ConfigureAwait(false);
            return FilterStep.Continue;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The reply was decided; the rest of the body is abandoned.
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async Task PumpAsync(Direction direction, Func<CancellationToken, ValueTask<BodyChunk>> read, ChannelWriter<BodyChunk> sent, CancellationToken cancel)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                var chunk = await read(cancel).ConfigureAwait(false);
                if (!_done)
                {
                    var message = new HttpBody { Body = ByteString.CopyFrom(chunk.Data), EndOfStream = chunk.EndOfStream };
                    var request = direction == Direction.Request ? new ProcessingRequest { RequestBody = message } : new ProcessingRequest { ResponseBody = message };
                    await _stream.SendAsync(Prepare(request, direction)).ConfigureAwait(false);
                }

                await sent.WriteAsync(chunk, cancel).ConfigureAwait(false);
                if (chunk.EndOfStream)
                {
                    break;
                }
            }

            sent.TryComplete();
        }
        catch (Exception ex)
        {
            sent.TryComplete(ex);
            throw;
        }
    }

    private async Task<ExtProcAnswer> CallAsync(ProcessingRequest request, Direction direction, ResponseCase expected)
    {
        await _stream.SendAsync(Prepare(request, direction)).ConfigureAwait(false);
        return await ReceiveAsync(expected).ConfigureAwait(false);
    }

    /// <summary>metadata_context on every message; attributes on a direction's first; protocol_config on the stream's first (§1.2).</summary>
    private ProcessingRequest Prepare(ProcessingRequest request, Direction direction)
    {
        request.MetadataContext = ForwardedMetadata();
        var d = (int)direction;
        var attributes = direction == Direction.Request ? _config.Proto.RequestAttributes : _config.Proto.ResponseAttributes;
        if (!_attributesSent[d] && attributes.Count > 0)
        {
            _attributesSent[d] = true;
            var values = new Struct();
            foreach (var attribute in attributes)
            {
                if (_context.ResolveAttribute(attribute) is { } value)
                {
                    values.Fields[attribute] = value;
                }
            }

            request.Attributes[AttributesKey] = values;
        }

        return _stream.MessagesSent == 0 ? ProtocolConfigField.AddTo(request, _mode.RequestBodyMode, _mode.ResponseBodyMode) : request;
    }

    private Envoy.Config.Core.V3.Metadata ForwardedMetadata()
    {
        var metadata = new Envoy.Config.Core.V3.Metadata();
        foreach (var ns in _config.Proto.MetadataOptions?.ForwardingNamespaces?.Untyped ?? [])
        {
            if ((_context.Metadata.Get(ns) ?? _context.FallbackMetadata?.Get(ns)) is { } value)
            {
                metadata.FilterMetadata[ns] = value;
            }
        }

        return metadata;
    }

    private async Task<ExtProcAnswer> ReceiveAsync(ResponseCase expected)
    {
        while (true)
        {
            var next = await _stream.ReceiveAsync(() => _timeout).ConfigureAwait(false);
            if (next is null)
            {
                // message_timeout: 504 (since 1.31), or continue with failure_mode_allow (§3.13).
                return await FailOpenOrReplyAsync(504, "ext_proc_error_per-message_timeout_exceeded").ConfigureAwait(false);
            }

            if (next.Response is not { } response)
            {
                if (next.EndStatus == Grpc.Core.StatusCode.OK)
                {
                    // A clean close: Envoy stops using the processor and continues unmodified (§3.2).
                    await DropAsync().ConfigureAwait(false);
                    return ExtProcAnswer.Gone;
                }

                return await FailOpenOrReplyAsync(500, $"ext_proc_error_gRPC_error_{(int)next.EndStatus}{{{next.EndDetail}}}").ConfigureAwait(false);
            }

            if (response.OverrideMessageTimeout is { } overrideTimeout)
            {
                // Only restarts the timer, the rest of the message is ignored; needs max_message_timeout (§1.3, §2.1).
                var max = _config.Proto.MaxMessageTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
                if (max > TimeSpan.Zero && overrideTimeout.ToTimeSpan() <= max)
                {
                    _timeout = overrideTimeout.ToTimeSpan();
                    _stream.RestartTimer();
                }

                continue;
            }

            MergeDynamicMetadata(response.DynamicMetadata);
            if (response.ResponseCase == ResponseCase.ImmediateResponse && !_config.Proto.DisableImmediateResponse)
            {
                await DropAsync().ConfigureAwait(false);
                return new ExtProcAnswer(null, ImmediateReplyBuilder.Build(response.ImmediateResponse, _rules));
            }

            if (response.ResponseCase == expected)
            {
                return new ExtProcAnswer(response, null);
            }

            // Spurious: fails closed since 1.35 (§3.8). ⚠️ The details string is ours; the reference does not give Envoy's.
            return await FailOpenOrReplyAsync(500, "ext_proc_error_spurious_message").ConfigureAwait(false);
        }
    }

    private void MergeDynamicMetadata(Struct? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        // Only receiving_namespaces.untyped are merged; the rest is dropped (§3.12).
        var receiving = _config.Proto.MetadataOptions?.ReceivingNamespaces?.Untyped ?? [];
        foreach (var (ns, value) in metadata.Fields)
        {
            if (receiving.Contains(ns) && value.KindCase == Value.KindOneofCase.StructValue)
            {
                _context.Metadata.Merge(ns, value.StructValue);
            }
        }
    }

    /// <summary>mode_override: only if allowed, only in a headers answer (callers); header/trailer DEFAULT keep the configured value, body modes as written (§3.11).</summary>
    private void ApplyModeOverride(ProcessingMode? modeOverride)
    {
        if (modeOverride is null || !_config.Proto.AllowModeOverride)
        {
            return;
        }

        var configured = _config.Proto.ProcessingMode ?? new ProcessingMode();
        _mode = new ProcessingMode
        {
            RequestHeaderMode = configured.RequestHeaderMode,
            ResponseHeaderMode = modeOverride.ResponseHeaderMode == HeaderSendMode.Default ? configured.ResponseHeaderMode : modeOverride.ResponseHeaderMode,
            RequestTrailerMode = modeOverride.RequestTrailerMode == HeaderSendMode.Default ? configured.RequestTrailerMode : modeOverride.RequestTrailerMode,
            ResponseTrailerMode = modeOverride.ResponseTrailerMode == HeaderSendMode.Default ? configured.ResponseTrailerMode : modeOverride.ResponseTrailerMode,
            RequestBodyMode = modeOverride.RequestBodyMode,
            ResponseBodyMode = modeOverride.ResponseBodyMode,
        };
    }

    /// <summary>clear_route_cache: downstream filter, request path, header_mutation present, action allows it (§3.10).</summary>
    private void MaybeClearRouteCache(Direction direction, CommonResponse? common)
    {
        if (direction != Direction.Request || common?.HeaderMutation is null || _context.ClearRouteCache is null)
        {
            return;
        }

        var clear = _config.Proto.RouteCacheAction switch
        {
            RouteCacheAction.Clear => true,
            RouteCacheAction.Retain => false,
            _ => common.ClearRouteCache && !_config.Proto.DisableClearRouteCache,
        };
        if (clear)
        {
            _context.ClearRouteCache();
        }
    }

    /// <summary>Content-length is removed in STREAMED, and in BUFFERED when the direction's headers are skipped (§3.6).</summary>
    private bool IsStripMode(Direction direction)
    {
        var (headerMode, bodyMode) = direction == Direction.Request
            ? (_mode.RequestHeaderMode, _mode.RequestBodyMode)
            : (_mode.ResponseHeaderMode, _mode.ResponseBodyMode);
        return !_done && (bodyMode == BodySendMode.Streamed || (bodyMode == BodySendMode.Buffered && headerMode == HeaderSendMode.Skip));
    }

    private void StripIfNeeded(Direction direction, HeaderList headers)
    {
        if (_stripContentLength[(int)direction])
        {
            headers.Remove("content-length");
        }
    }

    private void SetBodyMode(Direction direction, BodySendMode mode)
    {
        if (direction == Direction.Request)
        {
            _mode.RequestBodyMode = mode;
        }
        else
        {
            _mode.ResponseBodyMode = mode;
        }
    }

    /// <summary>Early close (1.37+): as soon as no more answers are needed, but never with a BUFFERED body mode (§3.2).</summary>
    private async Task MaybeCloseEarlyAsync()
    {
        if (_done || _mode.RequestBodyMode == BodySendMode.Buffered || _mode.ResponseBodyMode == BodySendMode.Buffered)
        {
            return;
        }

        var responseNeedsNothing = _mode.ResponseHeaderMode == HeaderSendMode.Skip && _mode.ResponseBodyMode == BodySendMode.None;
        if (_directionComplete[(int)Direction.Request] && (_directionComplete[(int)Direction.Response] || responseNeedsNothing))
        {
            await DropAsync().ConfigureAwait(false);
        }
    }

    private async Task<ExtProcAnswer> FailOpenOrReplyAsync(int status, string details)
    {
        await DropAsync().ConfigureAwait(false);
        return _config.Proto.FailureModeAllow ? ExtProcAnswer.Gone : new ExtProcAnswer(null, LocalReply.Text(status, string.Empty, details, fromExtProcFilter: true));
    }

    /// <summary>Mutation errors ignore failure_mode_allow (§3.5, §3.13).</summary>
    private async Task<FilterStep> FailAsync(int status, string details)
    {
        await DropAsync().ConfigureAwait(false);
        return FilterStep.Stop(LocalReply.Text(status, string.Empty, details, fromExtProcFilter: true));
    }

    private async Task DropAsync()
    {
        _done = true;
        await _stream.CloseAsync().ConfigureAwait(false);
    }
}
