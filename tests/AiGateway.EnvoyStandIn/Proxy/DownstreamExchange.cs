using System.Globalization;
using AiGateway.EnvoyStandIn.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>The client side: request headers as Envoy's HCM presents them, body reads, response writes.</summary>
internal static class DownstreamExchange
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>Pseudo-headers first, lower-case keys, Host as :authority (ext-proc-protocol.md §4).</summary>
    public static HeaderList RequestHeaders(HttpContext http)
    {
        var request = http.Request;
        var headers = new HeaderList();
        headers.Add(":authority", request.Host.Value ?? string.Empty);
        headers.Add(":path", http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString).ToString());
        headers.Add(":method", request.Method);
        headers.Add(":scheme", request.Scheme);
        foreach (var (key, values) in request.Headers)
        {
            var name = key.ToLowerInvariant();
            if (name.StartsWith(':') || HopByHopHeaders.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                headers.Add(name, value ?? string.Empty);
            }
        }

        // HCM additions with default settings. ⚠️ The exact set is config dependent (§4, §8).
        if (!headers.Contains("x-request-id"))
        {
            headers.Add("x-request-id", Guid.NewGuid().ToString());
        }

        headers.Set("x-forwarded-proto", request.Scheme);
        return headers;
    }

    public static bool RequestHasBody(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? http.Request.ContentLength > 0;

    /// <summary>Reads the whole request body; null when it exceeds <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadBodyAsync(Stream body, long limit, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkSize];
        int read;
        while ((read = await body.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    /// <summary>One chunk per read; the end is an empty chunk with end_of_stream, as Envoy sends for chunked bodies (§3.3).</summary>
    public static Func<CancellationToken, ValueTask<ExtProc.BodyChunk>> ChunkReader(Stream body)
    {
        var chunk = new byte[ChunkSize];
        return async cancel =>
        {
            var read = await body.ReadAsync(chunk, cancel).ConfigureAwait(false);
            return read == 0 ? new ExtProc.BodyChunk([], true) : new ExtProc.BodyChunk(chunk.AsSpan(0, read).ToArray(), false);
        };
    }

    public static async Task WriteHeadersAsync(HttpContext http, HeaderList headers)
    {
        var response = http.Response;
        response.StatusCode = int.Parse(headers.Get(":status") ?? "502", CultureInfo.InvariantCulture);
        foreach (var (key, value) in headers.Entries)
        {
            if (key.StartsWith(':') || HopByHopHeaders.Contains(key))
            {
                continue;
            }

            if (key == "content-length")
            {
                response.ContentLength = long.Parse(value, CultureInfo.InvariantCulture);
                continue;
            }

            response.Headers.Append(key, value);
        }

        await response.StartAsync().ConfigureAwait(false);
    }

    public static async Task WriteAsync(HttpContext http, HeaderList headers, byte[] body)
    {
        await WriteHeadersAsync(http, headers).ConfigureAwait(false);
        if (body.Length > 0)
        {
            await http.Response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }
}
