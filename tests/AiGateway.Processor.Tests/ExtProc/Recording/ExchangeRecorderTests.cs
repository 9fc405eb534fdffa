using System.Text;
using AiGateway.Processor.ExtProc.Replay;
using AiGateway.Processor.Tests.Infrastructure;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.ExtProc.Recording;

public sealed class ExchangeRecorderTests
{
    private const string ClientKey = "sk-client-secret-0123456789";
    private const string GatewayKey = "sk-ant-client-api-key-0123456789";
    private const string ProviderKey = "sk-provider-secret-9876543210";

    [Fact]
    public async Task Recording_RequestWithCredentials_ContainsNoSecretValue()
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_RECORDER_KEY", ProviderKey);
        using var config = new TempConfig();
        var dir = Path.Combine(config.Directory, "recordings");
        config.Write(TempConfig.Minimal.Replace("AIGW_TEST_OPENAI_KEY", "AIGW_TEST_RECORDER_KEY", StringComparison.Ordinal) + $"\nrecording:\n  dir: {dir}\n");
        await using (var processor = await TestProcessor.StartAsync(config.Path))
        {
            await processor.ExchangeAsync(
                RequestHeaders("POST", "/v1/chat/completions?X-Amz-Signature=abcdef0123456789&x=1", ("authorization", $"Bearer {ClientKey}"), ("x-api-key", GatewayKey), ("cookie", "session=" + ClientKey)),
                RequestBody($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"my key is {{ProviderKey}}"}]}"""));
        }

        var file = await WaitForSingleFileAsync(dir);
        var text = await File.ReadAllTextAsync(file);
        var decoded = string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(ReplayNormalizer.Normalize));
        foreach (var secret in new[] { ClientKey, GatewayKey, ProviderKey, "abcdef0123456789" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, decoded, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), text, StringComparison.Ordinal);
        }

        Assert.Contains("[REDACTED]", decoded, StringComparison.Ordinal);
        Assert.Contains("gpt-4o-mini", decoded, StringComparison.Ordinal);
        Assert.StartsWith("{\"aigw_recording\":1,", text, StringComparison.Ordinal);
        Assert.Contains("\"filter_level\":\"router\"", text, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForSingleFileAsync(string dir)
    {
        var deadline = DateTime.UtcNow + TestProcessor.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(dir) && Directory.GetFiles(dir, "*.jsonl") is [var file])
            {
                return file;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no recording appeared in {dir}");
    }
}
