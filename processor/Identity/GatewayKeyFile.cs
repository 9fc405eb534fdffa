using System.Text.Json;

namespace AiGateway.Processor.Identity;

/// <summary>Reads and atomically rewrites the key file (write to a temp file, then rename, so a reader never sees half a file).</summary>
internal static class GatewayKeyFile
{
    public static GatewayKeyFileContent Read(string path)
    {
        if (!File.Exists(path))
        {
            return new GatewayKeyFileContent();
        }

        var bytes = File.ReadAllBytes(path);
        return JsonSerializer.Deserialize(bytes, IdentityJsonContext.Default.GatewayKeyFileContent)
            ?? throw new InvalidDataException($"{path} is not a key file.");
    }

    public static void Write(string path, GatewayKeyFileContent content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(content, IdentityJsonContext.Default.GatewayKeyFileContent));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
