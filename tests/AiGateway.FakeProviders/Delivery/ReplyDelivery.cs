using System.Globalization;
using System.Text;
using AiGateway.FakeProviders.EventStream;
using AiGateway.FakeProviders.Recording;
using AiGateway.FakeProviders.Scripting;
using Microsoft.AspNetCore.Http;

namespace AiGateway.FakeProviders.Delivery;

/// <summary>
/// Writes one exchange's answer and applies its faults. Streams are written chunk by chunk with a
/// flush after each, so a client sees them arrive separately and a cut lands between two chunks.
/// </summary>
internal sealed class ReplyDelivery(HttpContext context, RecordedRequest record, IProviderDialect dialect)
{
    private CancellationToken Aborted => context.RequestAborted;

    /// <summary>Rejects the request with the provider's error; used for auth and body checks.</summary>
    public Task RejectAsync(int status, string? errorType, string? message) => WriteErrorAsync(dialect.Error(status, errorType, message));

    /// <summary>Applies delay, reset and error status. Returns true when the exchange is finished.</summary>
    public async Task<bool> ApplyFaultBeforeHeadersAsync(ReplyFault? fault)
    {
        if (fault is null)
        {
            return false;
        }

        if (fault.DelayBeforeHeaders > TimeSpan.Zero)
        {
            await Task.Delay(fault.DelayBeforeHeaders, Aborted).ConfigureAwait(false);
        }

        if (fault.ResetBeforeHeaders)
        {
            record.ResponseStatus = 0;
            context.Abort();
            return true;
        }

        // With an in-band stream error the status names that error; the response itself starts as 200.
        if (fault.Status is { } status && fault.StreamErrorAfterChunks is null)
        {
            var error = dialect.Error(status, fault.ErrorType, fault.Message);
            if (fault.RetryAfter is { } retryAfter)
            {
                error = error with
                {
                    Headers = [.. error.Headers, new("retry-after", ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture))],
                };
            }

            await WriteErrorAsync(error).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    public async Task WriteJsonAsync(string json, params KeyValuePair<string, string>[] headers)
    {
        record.ResponseStatus = StatusCodes.Status200OK;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        foreach (var header in headers)
        {
            context.Response.Headers.Append(header.Key, header.Value);
        }

        await context.Response.WriteAsync(json, Encoding.UTF8, Aborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams the chunks. Event-stream frames are corrupted in place when the fault says so; an in-band
    /// error replaces the rest of the stream; a cut aborts the connection after the given chunk count. When the caller
    /// goes away first, the stream stops and the record says so (<see cref="RecordedRequest.CallerCancelled"/>).
    /// </summary>
    public async Task StreamAsync(string contentType, IReadOnlyList<byte[]> chunks, ReplyFault? fault, params KeyValuePair<string, string>[] headers)
    {
        try
        {
            await WriteStreamAsync(contentType, chunks, fault, headers).ConfigureAwait(false);
        }
        catch (Exception exception) when ((exception is OperationCanceledException or IOException) && Aborted.IsCancellationRequested)
        {
            // The caller closed the connection or reset the stream mid-answer, as a gateway does when its own client
            // leaves: tests assert that the upstream stream was cancelled, so it is recorded rather than thrown.
            record.CallerCancelled = true;
        }
    }

    private async Task WriteStreamAsync(string contentType, IReadOnlyList<byte[]> chunks, ReplyFault? fault, KeyValuePair<string, string>[] headers)
    {
        record.ResponseStatus = StatusCodes.Status200OK;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        foreach (var header in headers)
        {
            context.Response.Headers.Append(header.Key, header.Value);
        }

        await context.Response.StartAsync(Aborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);

        for (var index = 0; index < chunks.Count; index++)
        {
            if (fault?.CutAfterChunks is { } cut && index >= cut)
            {
                await CutAsync().ConfigureAwait(false);
                return;
            }

            if (fault?.StreamErrorAfterChunks is { } failAt && index >= failAt)
            {
                await WriteChunkAsync(dialect.StreamError(fault.Status, fault.ErrorType, fault.Message)).ConfigureAwait(false);
                return;
            }

            if (index > 0 && fault is { DelayBetweenChunks.Ticks: > 0 })
            {
                await Task.Delay(fault.DelayBetweenChunks, Aborted).ConfigureAwait(false);
            }

            var chunk = fault?.CorruptFrameAt == index ? AwsEventStreamEncoder.CorruptMessageCrc(chunks[index]) : chunks[index];
            await WriteChunkAsync(chunk).ConfigureAwait(false);
        }

        if (fault?.CutAfterChunks is { } lateCut && lateCut >= chunks.Count)
        {
            await CutAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Aborting an HTTP/1.1 connection resets the socket, and a reset can make the client drop bytes it has
    /// not read yet; a short pause lets the flushed chunks reach the client first, so it sees exactly them.
    /// </summary>
    private async Task CutAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), Aborted).ConfigureAwait(false);
        context.Abort();
    }

    private async Task WriteChunkAsync(byte[] chunk)
    {
        await context.Response.Body.WriteAsync(chunk, Aborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);
    }

    private async Task WriteErrorAsync(ErrorReply error)
    {
        record.ResponseStatus = error.Status;
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        foreach (var header in error.Headers)
        {
            context.Response.Headers.Append(header.Key, header.Value);
        }

        await context.Response.WriteAsync(error.Body, Encoding.UTF8, Aborted).ConfigureAwait(false);
    }
}
