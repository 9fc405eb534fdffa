using System.Security.Cryptography;

namespace AiGateway.Processor.Identity;

/// <summary>The ALB's public signing keys by <c>kid</c>: <c>{keysUrl}/{kid}</c> answers a PEM public key (AWS ALB user authentication docs).</summary>
internal interface IAlbPublicKeySource
{
    /// <summary>The key, or null when the endpoint does not know the kid (a forged token).</summary>
    ValueTask<ECDsa?> GetAsync(Uri keysUrl, string kid, CancellationToken cancellationToken);
}
