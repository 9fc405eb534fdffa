using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using AiGateway.EnvoyStandIn.Http;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>The upstream_codec filter: sends one attempt's headers and body to the picked endpoint.</summary>
internal static class UpstreamCodec
{
    public static async Task<(UpstreamResponse? Response, AttemptFailure Failure)> SendAsync(
        UpstreamCluster cluster, UpstreamEndpoint endpoint, HeaderList headers, byte[] body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(
            new HttpMethod(headers.Get(":method") ?? "GET"),
            new Uri(endpoint.Target, headers.Get(":path") ?? "/"))
        {
            Version = cluster.HttpVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        var length = headers.Get("content-length");
        if (body.Length > 0 || length is not null)
        {
            request.Content = length is not null ? new ByteArrayContent(body) : new UnknownLengthContent(body);
            if (length is not null && long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var declared))
            {
                request.Content.Headers.ContentLength = declared;
            }
        }

        request.Headers.Host = headers.Get(":authority");
        foreach (var (key, value) in headers.Entries)
        {
            if (key.StartsWith(':') || key == "content-length" || HopByHopHeaders.Contains(key))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(key, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(key, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await cluster.Invoker.SendAsync(request, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError || ex.InnerException is SocketException)
        {
            return (null, AttemptFailure.ConnectFailure);
        }
        catch (HttpRequestException)
        {
            return (null, AttemptFailure.Reset);
        }
        catch (IOException)
        {
            return (null, AttemptFailure.Reset);
        }

        var responseHeaders = new HeaderList();
        responseHeaders.Add(":status", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        AddAll(responseHeaders, response.Headers);
        AddAll(responseHeaders, response.Content.Headers);
        var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        return (new UpstreamResponse(responseHeaders, stream, response, null), AttemptFailure.None);
    }

    private static void AddAll(HeaderList target, HttpHeaders source)
    {
        foreach (var header in source.NonValidated)
        {
            var name = header.Key.ToLowerInvariant();
            if (HopByHopHeaders.Contains(name))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                target.Add(name, value);
            }
        }
    }
}
