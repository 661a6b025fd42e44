using System.Security.Cryptography;

namespace Vargo.Hosting.Local;

/// <summary>
/// A generated password kept beside the data it protects (mode 600), so a server's data folder and its
/// credentials live and die together and no secret is ever in the repository.
/// </summary>
internal static class LocalSecret
{
    public static string GetOrCreate(string dataDirectory, string name)
    {
        var path = Path.Combine(dataDirectory, $".{name}.secret");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }
}
