using System.Text;
using Envoy.Config.Core.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AiGateway.Processor.ExtProc.Recording;

/// <summary>
/// Removes secrets from a copy of an ext_proc message before anything touches disk: the values of credential
/// headers, AWS signatures and session tokens in query strings, and every known secret value wherever it appears
/// (any string or bytes field, at any depth, headers, bodies and metadata alike).
/// </summary>
internal sealed class RecordingRedactor
{
    public const string Placeholder = "[REDACTED]";

    private static readonly byte[] PlaceholderBytes = Encoding.ASCII.GetBytes(Placeholder);

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "set-cookie",
        "x-amz-security-token", "x-amzn-oidc-accesstoken", "x-amzn-oidc-data",
    };

    private static readonly string[] SecretQueryParameters = ["X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Credential"];

    private readonly byte[][] _secretValues;

    /// <param name="secretValues">Configured secret values (resolved provider keys…); values shorter than 8 characters are ignored to avoid redacting common words.</param>
    public RecordingRedactor(IEnumerable<string> secretValues)
    {
        _secretValues = [.. secretValues.Where(s => s.Length >= 8).Distinct().Select(Encoding.UTF8.GetBytes)];
    }

    public T Redact<T>(T message)
        where T : IMessage<T>
    {
        var copy = message.Clone();
        Visit(copy);
        return copy;
    }

    private void Visit(IMessage message)
    {
        if (message is HeaderValue header)
        {
            RedactHeader(header);
            return;
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            switch (value)
            {
                case null:
                    break;
                case IMessage child:
                    Visit(child);
                    break;
                case string text when field.FieldType == FieldType.String:
                    var redactedText = ReplaceSecrets(text);
                    if (!ReferenceEquals(redactedText, text))
                    {
                        field.Accessor.SetValue(message, redactedText);
                    }

                    break;
                case ByteString bytes when field.FieldType == FieldType.Bytes:
                    var redactedBytes = ReplaceSecrets(bytes);
                    if (!ReferenceEquals(redactedBytes, bytes))
                    {
                        field.Accessor.SetValue(message, redactedBytes);
                    }

                    break;
                case System.Collections.IDictionary map:
                    foreach (var entry in map.Values)
                    {
                        if (entry is IMessage child)
                        {
                            Visit(child);
                        }
                    }

                    break;
                case System.Collections.IList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is IMessage child)
                        {
                            Visit(child);
                        }
                        else if (list[i] is string s)
                        {
                            list[i] = ReplaceSecrets(s);
                        }
                    }

                    break;
            }
        }
    }

    private void RedactHeader(HeaderValue header)
    {
        if (SecretHeaders.Contains(header.Key))
        {
            header.RawValue = ByteString.CopyFrom(PlaceholderBytes);
            header.Value = header.Value.Length > 0 ? Placeholder : "";
            return;
        }

        if (header.Key == ":path")
        {
            header.RawValue = ByteString.CopyFromUtf8(RedactQuery(header.RawValue.ToStringUtf8()));
        }

        header.RawValue = ReplaceSecrets(header.RawValue);
        header.Value = ReplaceSecrets(header.Value);
    }

    private static string RedactQuery(string path)
    {
        foreach (var name in SecretQueryParameters)
        {
            var at = path.IndexOf(name + "=", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            var start = at + name.Length + 1;
            var end = path.IndexOf('&', start);
            path = string.Concat(path.AsSpan(0, start), Placeholder, end < 0 ? "" : path.AsSpan(end));
        }

        return path;
    }

    private string ReplaceSecrets(string text)
    {
        foreach (var secret in _secretValues)
        {
            var secretText = Encoding.UTF8.GetString(secret);
            if (text.Contains(secretText, StringComparison.Ordinal))
            {
                text = text.Replace(secretText, Placeholder, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private ByteString ReplaceSecrets(ByteString bytes)
    {
        var result = bytes;
        foreach (var secret in _secretValues)
        {
            var span = result.Span;
            if (span.IndexOf(secret) < 0)
            {
                continue;
            }

            var output = new List<byte>(span.Length);
            while (true)
            {
                var at = span.IndexOf(secret);
                if (at < 0)
                {
                    output.AddRange(span);
                    break;
                }

                output.AddRange(span[..at]);
                output.AddRange(PlaceholderBytes);
                span = span[(at + secret.Length)..];
            }

            result = ByteString.CopyFrom([.. output]);
        }

        return result;
    }
}
