using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Vargo.Hosting.Local;

/// <summary>
/// Where the local servers keep their data: the <c>DataDirectory</c> setting, else a per-user state folder
/// keyed by the AppHost's path so two checkouts never share (or clobber) each other's databases.
/// </summary>
public static class LocalDataDirectory
{
    public static string Resolve(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(StateHome(), "vargo", AppHostKey(builder))
            : Path.GetFullPath(configured);

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A short, stable name for this AppHost; also used for RabbitMQ's node name.</summary>
    public static string AppHostKey(IDistributedApplicationBuilder builder)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(builder.AppHostDirectory));
        return Convert.ToHexStringLower(hash)[..12];
    }

    private static string StateHome()
    {
        // PostgreSQL refuses to run as root and its own user cannot enter /root, so as root the data lives
        // where the postgres user can reach it.
        if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root")
        {
            return "/var/lib";
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
    }
}
