using System.Security.Cryptography;

namespace AiGateway.Processor.Identity;

/// <summary>
/// Fetches ALB public keys over HTTPS and keeps them by kid (a kid's key never changes; the ALB rotates by new kids).
/// Unknown kids are remembered too, in a bounded cache, so a flood of forged tokens costs no fetches.
/// </summary>
internal sealed class HttpAlbPublicKeySource : IAlbPublicKeySource, IDisposable
{
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly BoundedCache<string, ECDsa> _keys = new(64, StringComparer.Ordinal);
    private readonly BoundedCache<string, bool> _unknown = new(1024, StringComparer.Ordinal);

    public HttpAlbPublicKeySource(ILogger<HttpAlbPublicKeySource> logger)
        : this(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, logger)
    {
    }

    internal HttpAlbPublicKeySource(HttpClient http, ILogger<HttpAlbPublicKeySource> logger)
    {
        _http = http;
        _logger = logger;
    }

    public async ValueTask<ECDsa?> GetAsync(Uri keysUrl, string kid, CancellationToken cancellationToken)
    {
        var url = $"{keysUrl.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(kid)}";
        if (_keys.TryGet(url, out var key))
        {
            return key;
        }

        if (_unknown.TryGet(url, out _))
        {
            return null;
        }

        string pem;
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // 4xx: the kid does not exist. A 5xx is not remembered, so the next request asks again.
                if ((int)response.StatusCode < 500)
                {
                    _unknown.Set(url, true);
                }

                IdentityLog.AlbKeyNotFound(_logger, kid, (int)response.StatusCode);
                return null;
            }

            pem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            IdentityLog.AlbKeyFetchFailed(_logger, kid, e);
            return null;
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (ArgumentException)
        {
            ecdsa.Dispose();
            _unknown.Set(url, true);
            IdentityLog.AlbKeyNotFound(_logger, kid, 200);
            return null;
        }

        _keys.Set(url, ecdsa);
        return ecdsa;
    }

    public void Dispose() => _http.Dispose();
}
